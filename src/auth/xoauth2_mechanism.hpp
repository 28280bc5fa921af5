#pragma once
// XOAUTH2 (Google, Microsoft), built in (GNU SASL lacks it; COMPAT.md 4.3). The "password"
// is the bearer token. "AUTH XOAUTH2" alone, then after the server's "+" the response
// "user=USER\x01auth=Bearer TOKEN\x01\x01" on its own line: the two-step form Microsoft's
// servers need. A challenge after that is the server's error status (JSON): the answer is
// an empty line, the server then sends -ERR, and the JSON goes into the error message.

#include <string>
#include <string_view>

#include "auth/sasl_mechanism.hpp"
#include "auth/secret_string.hpp"

namespace mpop::auth {

// The raw (not base64) client message.
SecretString XOAuth2Message(std::string_view user, std::string_view token);

class XOAuth2Mechanism : public SaslMechanism {
 public:
  // Builds the message at once: borrows nothing.
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
