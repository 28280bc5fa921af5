#include "auth/oauth_mechanisms.hpp"

#include <utility>

#include <fmt/format.h>

namespace mpop::auth {
namespace {

// RFC 5801 saslname: ',' and '=' in the authorization identity are escaped.
std::string SaslName(std::string_view user) {
  std::string out;
  for (char c : user) {
    if (c == ',') {
      out += "=2C";
    } else if (c == '=') {
      out += "=3D";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

SecretString OAuthBearerMessage(std::string_view user, std::string_view host, int port,
                                std::string_view token) {
  return SecretString(
      fmt::format("n,a={},\x01host={}\x01port={}\x01"
                  "auth=Bearer {}\x01\x01",
                  SaslName(user), host, port, token));
}

SecretString XOAuth2Message(std::string_view user, std::string_view token) {
  return SecretString(fmt::format("user={}\x01"
                                  "auth=Bearer {}\x01\x01",
                                  user, token));
}

Result<std::optional<SecretString>> OAuthBearerMechanism::Start() {
  sent_ = true;
  return std::optional<SecretString>(std::move(message_));
}

Result<SecretString> OAuthBearerMechanism::Respond(std::string_view challenge) {
  // The message went with AUTH (or, when too long, after the first empty challenge, which
  // the exchange answers itself), so any challenge is the server's error status.
  server_error_ = std::string(challenge);
  return SecretString();
}

Result<SecretString> XOAuth2Mechanism::Respond(std::string_view challenge) {
  if (!sent_) {
    sent_ = true;
    return std::move(message_);
  }
  server_error_ = std::string(challenge);
  return SecretString();
}

}  // namespace mpop::auth
