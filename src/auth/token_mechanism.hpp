#pragma once
// TokenMechanism: what the OAuth2 mechanisms (auth/oauthbearer_mechanism.hpp,
// auth/xoauth2_mechanism.hpp) share. The client sends one message that carries the access
// token, either as the initial response of AUTH or after the server's first (empty)
// challenge; Microsoft 365 wants XOAUTH2 the second way. A challenge after the message is
// the server's error status: it is answered with an empty line (the server then sends
// -ERR) and kept for the error message.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "auth/sasl_mechanism.hpp"
#include "auth/secret_string.hpp"

namespace mpop::auth {

class TokenMechanism : public SaslMechanism {
 public:
  enum class Sending {
    kInitialResponse,  // with AUTH (or after the empty challenge when the line is too long)
    kAfterChallenge,   // "AUTH NAME" alone, the message answers the first challenge
  };

  TokenMechanism(std::string_view name, SecretString message, Sending sending,
                 std::size_t max_auth_command_length = kMaxAuthCommandLength)
      : name_(name),
        message_(std::move(message)),
        sending_(sending),
        max_auth_command_length_(max_auth_command_length) {}

  std::string_view name() const override { return name_; }
  Result<std::optional<SecretString>> Start() override;
  std::size_t max_auth_command_length() const override { return max_auth_command_length_; }
  Result<SecretString> Respond(std::string_view challenge) override;
  bool finished() const override { return sent_; }
  std::string server_error() const override { return server_error_; }

 private:
  std::string_view name_;  // a string literal of the derived class
  SecretString message_;
  Sending sending_;
  std::size_t max_auth_command_length_;
  bool sent_ = false;
  std::string server_error_;
};

}  // namespace mpop::auth
