#pragma once
// XOAUTH2 (Google, Microsoft), built in (GNU SASL lacks it; doc/COMPAT.md 4.3). The "password"
// is the bearer token. "AUTH XOAUTH2" alone, then after the server's "+" the response
// "user=USER\x01auth=Bearer TOKEN\x01\x01" on its own line: the two-step form Microsoft's
// servers need. A challenge after that is the server's error status (JSON): the answer is
// an empty line, the server then sends -ERR, and the JSON goes into the error message.

#include <string>
#include <string_view>

#include "auth/secret_string.hpp"
#include "auth/token_mechanism.hpp"

namespace mpop::auth {

// The raw (not base64) client message.
SecretString XOAuth2Message(std::string_view user, std::string_view token);

class XOAuth2Mechanism : public TokenMechanism {
 public:
  // Builds the message at once: borrows nothing. Sent after the first challenge, as
  // Microsoft 365 requires and Gmail accepts.
  XOAuth2Mechanism(std::string_view user, std::string_view token)
      : TokenMechanism("XOAUTH2", XOAuth2Message(user, token), Sending::kAfterChallenge) {}
};

}  // namespace mpop::auth
