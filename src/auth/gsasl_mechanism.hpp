#pragma once
// GsaslMechanism: a SaslMechanism run by GNU SASL's client side (doc/COMPAT.md 4.2): SCRAM-SHA-1,
// SCRAM-SHA-256 and their -PLUS variants, DIGEST-MD5, CRAM-MD5, PLAIN, LOGIN, NTLM, GSSAPI,
// EXTERNAL. SASL service "pop", hostname = the configured host; the authorization identity
// is set only for EXTERNAL (the user, or empty); `ntlmdomain` becomes the realm. The -PLUS
// variants take the TLS channel binding data (given raw, handed to GNU SASL in base64);
// the other variants never get it, so a SCRAM client never claims "y" (binding supported
// but not offered) and a server that offers -PLUS does not see a downgrade.
//
// Client-first mechanisms (PLAIN, EXTERNAL, SCRAM-*, GSSAPI, NTLM) send their first
// message as the initial response; LOGIN, CRAM-MD5 and DIGEST-MD5 wait for the server.

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "auth/sasl_context.hpp"
#include "auth/sasl_mechanism.hpp"
#include "util/result.hpp"

struct Gsasl_session;

namespace mpop::auth {

struct GsaslApi;

struct ChannelBinding {
  enum class Kind { kTlsUnique, kTlsExporter };
  Kind kind = Kind::kTlsExporter;
  std::string data;  // raw bytes from the TLS layer
  bool operator==(const ChannelBinding&) const = default;
};

struct SaslCredentials {
  std::string_view user;      // authentication identity (EXTERNAL: authorization identity)
  std::string_view password;  // unused by GSSAPI and EXTERNAL
  std::string_view host;      // the configured host: GNU SASL's hostname property
  std::optional<std::string_view> ntlm_domain;
  const ChannelBinding* channel_binding = nullptr;  // for the -PLUS variants only
};

class GsaslMechanism : public SaslMechanism {
 public:
  // `mechanism` is upper-case and one context.ClientSupports(); `context` must outlive the
  // mechanism. Copies what it needs from `credentials`. Errors: kSoftware with GNU SASL's text when
  // the mechanism cannot start; kUnavailable for a -PLUS variant without channel binding data.
  static Result<std::unique_ptr<GsaslMechanism>> Create(const SaslContext& context,
                                                        std::string_view mechanism,
                                                        const SaslCredentials& credentials);
  ~GsaslMechanism() override;
  GsaslMechanism(const GsaslMechanism&) = delete;
  GsaslMechanism& operator=(const GsaslMechanism&) = delete;

  std::string_view name() const override { return name_; }
  Result<std::optional<SecretString>> Start() override;
  Result<SecretString> Respond(std::string_view challenge) override;
  bool finished() const override { return finished_; }

 private:
  GsaslMechanism(const GsaslApi& api, std::string name)
      : api_(api), name_(std::move(name)), session_(nullptr, Finish{&api}) {}
  // One gsasl_step; after the mechanism has finished, further challenges (a server that
  // sends its last data as a challenge) get empty answers.
  Result<SecretString> Step(std::string_view input);

  // Wipes the password property, then gsasl_finish.
  struct Finish {
    const GsaslApi* api;
    void operator()(Gsasl_session* session) const;
  };

  const GsaslApi& api_;
  std::string name_;
  std::unique_ptr<Gsasl_session, Finish> session_;
  bool finished_ = false;
};

// Whether the mechanism sends the first message (and so has an initial response).
bool IsClientFirst(std::string_view mechanism);

}  // namespace mpop::auth
