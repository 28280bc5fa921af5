#pragma once
// OAUTHBEARER (RFC 7628), built in (GNU SASL lacks it; doc/COMPAT.md 4.3). The "password" is
// the bearer token. One line: AUTH OAUTHBEARER with the initial response
//   "n,a=USER,\x01host=HOST\x01port=PORT\x01auth=Bearer TOKEN\x01\x01"
// allowed up to the 8189-character command limit (long tokens), not RFC 5034's 255; longer
// still, it follows the server's empty challenge. A challenge after that is the server's
// error status (JSON): the answer is an empty line, the server then sends -ERR, and the
// JSON goes into the error message.

#include <cstddef>
#include <string>
#include <string_view>

#include "auth/secret_string.hpp"
#include "auth/token_mechanism.hpp"

namespace mpop::auth {

// Command lines are limited to 8189 characters (doc/COMPAT.md 4.3: POP3_BUFSIZE 8192).
inline constexpr std::size_t kMaxCommandLength = 8189;

// The raw (not base64) client message; ',' and '=' in the user are escaped (RFC 5801).
SecretString OAuthBearerMessage(std::string_view user, std::string_view host, int port,
                                std::string_view token);

class OAuthBearerMechanism : public TokenMechanism {
 public:
  // Builds the message at once: borrows nothing.
  OAuthBearerMechanism(std::string_view user, std::string_view host, int port,
                       std::string_view token)
      : TokenMechanism("OAUTHBEARER", OAuthBearerMessage(user, host, port, token),
                       Sending::kInitialResponse, kMaxCommandLength) {}
};

}  // namespace mpop::auth
