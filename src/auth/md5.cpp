#include "auth/md5.hpp"

#include <string.h>

#include <cstdint>

namespace mpop::auth {

Md5::Md5() { md5_init(&context_); }

Md5::~Md5() { explicit_bzero(&context_, sizeof context_); }

void Md5::Update(std::string_view bytes) {
  md5_update(&context_, bytes.size(), reinterpret_cast<const std::uint8_t*>(bytes.data()));
}

Md5::Digest Md5::Finish() {
  Digest digest{};
  md5_digest(&context_, digest.size(), digest.data());
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
