#pragma once
// SASL on the server side (RFC 5034 AUTH), through GNU SASL: beyond upstream mpopd, which
// only knows USER/PASS. Only PLAIN is offered: the passwords are plain text in memory, and
// mechanisms that would need them for more (CRAM-MD5, SCRAM) are left for later.
//
// SaslLibrary wraps gsasl_init/gsasl_done; RunDaemon makes one and passes it down. A
// SaslExchange is one AUTH command's conversation; the credentials go to a Validator (the
// session's Gatekeeper, so the failure delay applies to AUTH as it does to PASS).

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "util/result.hpp"

struct Gsasl;
struct Gsasl_session;

namespace mpop::server {

class SaslLibrary {
 public:
  // Errors: kSoftware "cannot initialize GNU SASL: TEXT".
  static Result<std::unique_ptr<SaslLibrary>> Init();
  ~SaslLibrary();
  SaslLibrary(const SaslLibrary&) = delete;
  SaslLibrary& operator=(const SaslLibrary&) = delete;

  // The mechanisms for CAPA's SASL line, space-separated: "PLAIN".
  std::string_view mechanisms() const { return "PLAIN"; }
  bool Offers(std::string_view mechanism) const { return mechanism == "PLAIN"; }

  Gsasl* context() const { return context_; }

 private:
  explicit SaslLibrary(Gsasl* context) : context_(context) {}
  Gsasl* context_;
};

class SaslExchange {
 public:
  // Decides authentication identity + password; returns the maildir, nullopt to refuse.
  using Validator =
      std::function<std::optional<std::string>(std::string_view user, std::string_view password)>;

  // mechanism must be one library.Offers(). Errors: kSoftware with GNU SASL's text.
  static Result<std::unique_ptr<SaslExchange>> Start(const SaslLibrary& library,
                                                     std::string_view mechanism,
                                                     Validator validator);
  ~SaslExchange();
  SaslExchange(const SaslExchange&) = delete;
  SaslExchange& operator=(const SaslExchange&) = delete;

  struct Step {
    enum class Kind { kChallenge, kSuccess, kFailure };
    Kind kind = Kind::kFailure;
    std::string challenge;  // base64, for kChallenge
    std::string maildir;    // for kSuccess
    std::string user;       // the authentication identity, when known
  };
  // Feeds the client's base64 response (empty for none).
  Step Feed(std::string_view base64);

  // GNU SASL's property callback, for sasl_server.cpp only.
  static int Callback(Gsasl_session* session, int property);

 private:
  explicit SaslExchange(Validator validator) : validator_(std::move(validator)) {}

  Gsasl_session* session_ = nullptr;
  Validator validator_;
  std::optional<std::string> maildir_;
  std::string user_;
};

}  // namespace mpop::server
