#include "auth/xoauth2_mechanism.hpp"

#include <fmt/format.h>

#include <utility>

namespace mpop::auth {

SecretString XOAuth2Message(std::string_view user, std::string_view token) {
  // "\x01" "auth": a hex escape would swallow the 'a'.
  return SecretString(
      fmt::format("user={}\x01"
                  "auth=Bearer {}\x01\x01",
                  user, token));
}

}  // namespace mpop::auth
