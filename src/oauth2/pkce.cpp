#include "oauth2/pkce.hpp"

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>

#include <array>
#include <cassert>
#include <utility>

#include "oauth2/base64url.hpp"
#include "util/i18n.hpp"

namespace mpop::oauth2 {

std::string ChallengeS256(std::string_view verifier) {
  std::array<char, 32> digest{};
  // SHA-256 of a string in memory cannot fail short of a broken library: that is a bug.
  [[maybe_unused]] int rc =
      gnutls_hash_fast(GNUTLS_DIG_SHA256, verifier.data(), verifier.size(), digest.data());
  assert(rc == 0);
  return Base64UrlEncode(std::string_view(digest.data(), digest.size()));
}

Result<std::string> RandomToken(std::size_t bytes) {
  std::string random(bytes, '\0');
  int rc = gnutls_rnd(GNUTLS_RND_RANDOM, random.data(), random.size());
  if (rc < 0)
    return Error::Software(TrFormat("cannot make random numbers: {}", gnutls_strerror(rc)));
  return Base64UrlEncode(random);
}

Result<Pkce> MakePkce() {
  Result<std::string> verifier = RandomToken();
  if (!verifier) return std::move(verifier).error();
  std::string challenge = ChallengeS256(*verifier);
  return Pkce{std::move(*verifier), std::move(challenge)};
}

}  // namespace mpop::oauth2
