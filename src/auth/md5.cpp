#include "auth/md5.hpp"

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>

#include <new>

namespace mpop::auth {

void Md5::Free(hash_hd_st* hash) { gnutls_hash_deinit(hash, nullptr); }

Md5::Md5() {
  // 0 when FIPS mode is off; else the calling thread's mode, restored below.
  const unsigned fips_mode = gnutls_fips140_mode_enabled();
  if (fips_mode != 0) gnutls_fips140_set_mode(GNUTLS_FIPS140_LAX, GNUTLS_FIPS140_SET_MODE_THREAD);
  gnutls_hash_hd_t hash = nullptr;
  const int rc = gnutls_hash_init(&hash, GNUTLS_DIG_MD5);
  if (fips_mode != 0) {
    gnutls_fips140_set_mode(static_cast<gnutls_fips_mode_t>(fips_mode),
                            GNUTLS_FIPS140_SET_MODE_THREAD);
  }
  // With MD5 allowed, only memory can be missing.
  if (rc < 0) throw std::bad_alloc();
  hash_.reset(hash);
}

void Md5::Update(std::string_view bytes) {
  // Cannot fail for a hash that was created (GnuTLS checks only the handle).
  gnutls_hash(hash_.get(), bytes.data(), bytes.size());
}

Md5::Digest Md5::Finish() {
  Digest digest{};
  gnutls_hash_output(hash_.get(), digest.data());
  return digest;
}

std::string ToHex(const Md5::Digest& digest) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (std::uint8_t byte : digest) {
    hex += kHex[byte >> 4];
    hex += kHex[byte & 0xf];
  }
  return hex;
}

}  // namespace mpop::auth
