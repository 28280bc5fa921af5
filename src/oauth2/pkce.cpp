#include "oauth2/pkce.hpp"

#include <nettle/sha2.h>
#include <sys/random.h>

#include <array>
#include <cerrno>
#include <cstdint>
#include <utility>

#include "oauth2/base64url.hpp"
#include "util/i18n.hpp"

namespace mpop::oauth2 {

std::string ChallengeS256(std::string_view verifier) {
  std::array<std::uint8_t, SHA256_DIGEST_SIZE> digest{};
  sha256_ctx context;
  sha256_init(&context);
  sha256_update(&context, verifier.size(), reinterpret_cast<const std::uint8_t*>(verifier.data()));
  sha256_digest(&context, digest.size(), digest.data());
  return Base64UrlEncode(
      std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size()));
}

Result<std::string> RandomToken(std::size_t bytes) {
  // The kernel's generator (what GnuTLS seeds from), so no TLS library is loaded for it.
  std::string random(bytes, '\0');
  for (std::size_t done = 0; done < random.size();) {
    const ssize_t n = ::getrandom(random.data() + done, random.size() - done, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Error::Software(TrFormat("cannot make random numbers: {}", ErrnoText(errno)));
    done += static_cast<std::size_t>(n);
  }
  return Base64UrlEncode(random);
}

Result<Pkce> MakePkce() {
  Result<std::string> verifier = RandomToken();
  if (!verifier) return std::move(verifier).error();
  std::string challenge = ChallengeS256(*verifier);
  return Pkce{std::move(*verifier), std::move(challenge)};
}

}  // namespace mpop::oauth2
