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

}  // namespace mpop::auth
