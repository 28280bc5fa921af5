#pragma once
// MD5 (RFC 1321), for APOP and CRAM-MD5 only: both protocols fix the hash. Our own small
// implementation, because the auth layer does not link a crypto library (GnuTLS belongs to
// net/). Never use it for anything that needs collision resistance.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace mpop::auth {

class Md5 {
 public:
  using Digest = std::array<std::uint8_t, 16>;

  Md5();
  // The buffered input may be part of a secret: it is wiped.
  ~Md5();
  Md5(const Md5&) = delete;
  Md5& operator=(const Md5&) = delete;

  void Update(std::string_view bytes);
  // The digest of everything passed to Update(). The object must not be used afterwards.
  Digest Finish();

 private:
  void Block(const std::uint8_t* block);

  std::array<std::uint32_t, 4> state_;
  std::array<std::uint8_t, 64> buffer_{};
  std::size_t buffered_ = 0;
  std::uint64_t length_ = 0;  // bytes hashed so far
};

// Lowercase hex of a digest.
std::string ToHex(const Md5::Digest& digest);

}  // namespace mpop::auth
