#include "auth/token_mechanism.hpp"

#include <utility>

namespace mpop::auth {

Result<std::optional<SecretString>> TokenMechanism::Start() {
  if (sending_ == Sending::kAfterChallenge) return std::optional<SecretString>();
  sent_ = true;
  return std::optional<SecretString>(std::move(message_));
}

Result<SecretString> TokenMechanism::Respond(std::string_view challenge) {
  if (!sent_) {
    sent_ = true;
    return std::move(message_);
  }
  server_error_ = std::string(challenge);
  return SecretString();
}

}  // namespace mpop::auth
