#pragma once
// SASL on the server side (RFC 5034 AUTH), through GNU SASL: beyond upstream mpopd, which
// only knows USER/PASS. Offered: SCRAM-SHA-256-PLUS (inside TLS only: the proof is bound
// to the TLS session through tls-exporter on TLS 1.3 or tls-unique on TLS 1.2, RFC 5929,
// RFC 9266), SCRAM-SHA-256 (RFC 7677; the password never crosses the connection, so
// clients may choose it without TLS) and PLAIN (RFC 4616). Which of them a session offers
// when is the session's business (server/session.hpp).
//
// SaslLibrary holds the GNU SASL context (auth::SaslContext) with mpopd's property
// callback and its mechanism list; RunDaemon makes one and passes it down. A
// SaslExchange is one AUTH command's conversation. Credentials are decided by the
// session's Gatekeeper, so the failure delay applies to AUTH as it does to PASS: PLAIN
// goes through Admit(); SCRAM waits (Wait) before the exchange starts, takes the password
// from Lookup() and reports the outcome with Record(). An unknown user gets a SCRAM
// exchange like any other, failing only at the proof, so user names are not revealed.
//
// POP3 has no room for "additional data with success" (RFC 5034 section 4): SCRAM's final
// server message goes out as a "+ " challenge, the client answers with an empty line, and
// only then comes +OK.

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "auth/sasl_context.hpp"
#include "net/tls_channel_binding.hpp"
#include "util/result.hpp"

struct Gsasl;
struct Gsasl_session;

namespace mpop::server {

class Gatekeeper;

// Whether the space-separated list ("SCRAM-SHA-256 PLAIN") names mechanism.
bool ListsMechanism(std::string_view list, std::string_view mechanism);

class SaslLibrary {
 public:
  // Errors: kSoftware "cannot initialize GNU SASL: TEXT".
  static Result<std::unique_ptr<SaslLibrary>> Init();
  SaslLibrary(const SaslLibrary&) = delete;
  SaslLibrary& operator=(const SaslLibrary&) = delete;

  // The mechanisms for CAPA's SASL line, strongest first, space-separated.
  const std::string& mechanisms() const { return mechanisms_; }
  // mechanism in upper case.
  bool Offers(std::string_view mechanism) const;

  Gsasl* context() const { return context_.get(); }
  const auth::GsaslApi& api() const { return context_.api(); }

 private:
  SaslLibrary(auth::SaslContext context, std::string mechanisms)
      : context_(std::move(context)), mechanisms_(std::move(mechanisms)) {}
  auth::SaslContext context_;
  std::string mechanisms_;
};

class SaslExchange {
 public:
  // mechanism must be one library.Offers(); gatekeeper must outlive the exchange. May
  // block (the failure delay, for SCRAM). binding: the TLS session's channel binding, null
  // outside TLS; the -PLUS mechanisms fail without it. Given to every mechanism, so that a
  // SCRAM client claiming channel-binding support it thinks we lack ("y") is refused as RFC
  // 5802 6 asks (a downgrade). Errors: kSoftware with GNU SASL's text.
  static Result<std::unique_ptr<SaslExchange>> Start(const SaslLibrary& library,
                                                     std::string_view mechanism,
                                                     Gatekeeper& gatekeeper,
                                                     const net::ChannelBinding* binding = nullptr);
  SaslExchange(const SaslExchange&) = delete;
  SaslExchange& operator=(const SaslExchange&) = delete;

  struct Step {
    enum class Kind { kChallenge, kSuccess, kFailure };
    Kind kind = Kind::kFailure;
    std::string challenge;  // base64 (possibly empty), for kChallenge
    std::string maildir;    // for kSuccess
    std::string user;       // the authentication identity, when known
  };
  // Feeds the client's base64 response (empty for none). After kSuccess or kFailure the
  // exchange is over.
  Step Feed(std::string_view base64);

  // GNU SASL's property callback, for sasl_server.cpp only: `self` is the exchange whose
  // call into GNU SASL is running on this thread.
  static int Callback(SaslExchange* self, Gsasl_session* session, int property);

 private:
  SaslExchange(const auth::GsaslApi& api, Gatekeeper& gatekeeper, bool proof_mechanism)
      : api_(api),
        gatekeeper_(gatekeeper),
        proof_mechanism_(proof_mechanism),
        session_(nullptr, EndSession{&api}) {}
  int ProvidePassword(Gsasl_session* session);
  int ValidatePlain(Gsasl_session* session);
  Step Finish(bool success);
  // Wipes the password property, then gsasl_finish.
  struct EndSession {
    const auth::GsaslApi* api;
    void operator()(Gsasl_session* session) const;
  };

  const auth::GsaslApi& api_;
  Gatekeeper& gatekeeper_;
  const bool proof_mechanism_;  // SCRAM: GNU SASL checks a proof against our password
  bool final_sent_ = false;     // SCRAM's server-final message went out as a challenge
  std::unique_ptr<Gsasl_session, EndSession> session_;
  std::optional<std::string> maildir_;  // the user's mailbox (PLAIN: once validated)
  std::string user_;
};

}  // namespace mpop::server
