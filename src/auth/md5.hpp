#pragma once
// MD5 (RFC 1321) from nettle, for what fixes the hash by protocol: APOP (auth/apop.hpp) and
// mpopd's UIDs from file names. Never use it for anything that needs collision resistance.
// (CRAM-MD5 and DIGEST-MD5 run inside GNU SASL.)
//
// nettle is GnuTLS's own crypto library: small enough to link, so APOP needs no TLS library
// loaded (issue 17). It knows no FIPS 140 mode: MD5 works whatever mode the system is in,
// as these protocols need. Priority strings (`tls_priorities`) apply to TLS sessions only,
// never to this hash.

#include <nettle/md5.h>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace mpop::auth {

class Md5 {
 public:
  using Digest = std::array<std::uint8_t, 16>;

  Md5();
  ~Md5();  // wipes the state: APOP feeds it the password
  Md5(const Md5&) = delete;
  Md5& operator=(const Md5&) = delete;

  // Feeds bytes in pieces, so that a caller never has to build a concatenation that holds
  // a secret (APOP: timestamp, then password).
  void Update(std::string_view bytes);
  // The digest of everything passed to Update(). The object must not be used afterwards.
  Digest Finish();

 private:
  md5_ctx context_;
};

// Lowercase hex of a digest.
std::string ToHex(const Md5::Digest& digest);

}  // namespace mpop::auth
