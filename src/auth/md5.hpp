#pragma once
// MD5 (RFC 1321) from GnuTLS, for what fixes the hash by protocol: APOP (auth/apop.hpp) and
// mpopd's UIDs from file names. Never use it for anything that needs collision resistance.
// (CRAM-MD5 and DIGEST-MD5 run inside GNU SASL.)
//
// FIPS 140: MD5 is not an approved algorithm, and a GnuTLS built for FIPS refuses it in its
// strict mode. Md5 allows it for the calling thread while the hash is created, then puts the
// thread's mode back (GnuTLS's documented way for compatibility uses). Debian's GnuTLS is
// not built for FIPS. Priority strings (`tls_priorities`) apply to TLS sessions only, never
// to this hash.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "util/c_handle.hpp"

struct hash_hd_st;

namespace mpop::auth {

class Md5 {
 public:
  using Digest = std::array<std::uint8_t, 16>;

  // Throws std::bad_alloc when GnuTLS cannot create the hash (out of memory).
  Md5();
  Md5(const Md5&) = delete;
  Md5& operator=(const Md5&) = delete;

  // Feeds bytes in pieces, so that a caller never has to build a concatenation that holds
  // a secret (APOP: timestamp, then password).
  void Update(std::string_view bytes);
  // The digest of everything passed to Update(). The object must not be used afterwards.
  Digest Finish();

 private:
  static void Free(hash_hd_st* hash);
  CHandle<hash_hd_st, &Md5::Free> hash_;
};

// Lowercase hex of a digest.
std::string ToHex(const Md5::Digest& digest);

}  // namespace mpop::auth
