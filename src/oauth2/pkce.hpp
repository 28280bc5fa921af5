#pragma once
// Proof Key for Code Exchange (RFC 7636) with S256, and the random values of the browser
// flow: the code verifier and the `state` that ties the redirect to our request.

#include <cstddef>
#include <string>
#include <string_view>

#include "util/result.hpp"

namespace mpop::oauth2 {

struct Pkce {
  std::string verifier;   // sent with the code to the token endpoint
  std::string challenge;  // sent in the authorization request, method S256
};

// BASE64URL(SHA256(verifier)), RFC 7636 section 4.2.
std::string ChallengeS256(std::string_view verifier);

// `bytes` random bytes from GnuTLS's generator, base64url-encoded (32 bytes give 43
// characters: the verifier's minimum length with 256 bits of entropy, section 7.1).
// Errors: kSoftware "cannot make random numbers: <reason>".
Result<std::string> RandomToken(std::size_t bytes = 32);

// A fresh verifier and its challenge. Errors: those of RandomToken.
Result<Pkce> MakePkce();

}  // namespace mpop::oauth2
