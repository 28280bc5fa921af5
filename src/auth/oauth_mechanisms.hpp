#pragma once
// The built-in OAuth 2.0 mechanisms (COMPAT.md 4.3); GNU SASL lacks both. The "password"
// is the bearer token.
//
// OAUTHBEARER (RFC 7628): one line, AUTH OAUTHBEARER with the initial response
//   "n,a=USER,\x01host=HOST\x01port=PORT\x01auth=Bearer TOKEN\x01\x01", allowed up to the
//   8189-character command limit (long tokens), not RFC 5034's 255.
// XOAUTH2 (Google/Microsoft): "AUTH XOAUTH2" alone, then after the server's "+" the
//   response "user=USER\x01auth=Bearer TOKEN\x01\x01" on its own line: the two-step form
//   Microsoft's servers need.
// For both, a challenge after the token is the server's error status (JSON): the answer is
// an empty line, the server then sends -ERR, and the JSON goes into the error message.

#include <string>
#include <string_view>

#include "auth/sasl_mechanism.hpp"
#include "auth/secret_string.hpp"

namespace mpop::auth {

// Command lines are limited to 8189 characters (COMPAT.md 4.3).
inline constexpr std::size_t kMaxCommandLength = 8189;

// The raw (not base64) client messages.
SecretString OAuthBearerMessage(std::string_view user, std::string_view host, int port,
                                std::string_view token);
SecretString XOAuth2Message(std::string_view user, std::string_view token);

class OAuthBearerMechanism : public SaslMechanism {
 public:
  // Borrows nothing: the message is built at once.
  OAuthBearerMechanism(std::string_view user, std::string_view host, int port,
                       std::string_view token)
      : message_(OAuthBearerMessage(user, host, port, token)) {}

  std::string_view name() const override { return "OAUTHBEARER"; }
  Result<std::optional<SecretString>> Start() override;
  std::size_t max_auth_command_length() const override { return kMaxCommandLength; }
  Result<SecretString> Respond(std::string_view challenge) override;
  bool finished() const override { return sent_; }
  std::string server_error() const override { return server_error_; }

 private:
  SecretString message_;
  bool sent_ = false;
  std::string server_error_;
};

class XOAuth2Mechanism : public SaslMechanism {
 public:
  XOAuth2Mechanism(std::string_view user, std::string_view token)
      : message_(XOAuth2Message(user, token)) {}

  std::string_view name() const override { return "XOAUTH2"; }
  Result<std::optional<SecretString>> Start() override { return std::optional<SecretString>(); }
  Result<SecretString> Respond(std::string_view challenge) override;
  bool finished() const override { return sent_; }
  std::string server_error() const override { return server_error_; }

 private:
  SecretString message_;
  bool sent_ = false;
  std::string server_error_;
};

}  // namespace mpop::auth
