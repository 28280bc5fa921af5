#include "auth/oauthbearer_mechanism.hpp"

#include <fmt/format.h>

#include <utility>

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
  // "\x01" "auth": a hex escape would swallow the 'a'.
  return SecretString(
      fmt::format("n,a={},\x01host={}\x01port={}\x01"
                  "auth=Bearer {}\x01\x01",
                  SaslName(user), host, port, token));
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

}  // namespace mpop::auth
