#include "auth/base64.hpp"

#include <nettle/base64.h>
#include <string.h>

#include <cstdint>

namespace mpop::auth {

// nettle, GnuTLS's own crypto library: small and linked, so a SASL line needs no TLS
// library loaded (issue 17).

std::string Base64Encode(std::string_view bytes) {
  std::string text(BASE64_ENCODE_LENGTH(bytes.size()) + BASE64_ENCODE_FINAL_LENGTH, '\0');
  base64_encode_ctx context;
  base64_encode_init(&context);
  std::size_t size = base64_encode_update(&context, text.data(), bytes.size(),
                                          reinterpret_cast<const std::uint8_t*>(bytes.data()));
  size += base64_encode_final(&context, text.data() + size);
  text.resize(size);
  return text;
}

std::optional<std::string> Base64Decode(std::string_view text) {
  if (text.empty()) return std::string();
  std::string bytes(BASE64_DECODE_LENGTH(text.size()), '\0');
  base64_decode_ctx context;
  base64_decode_init(&context);
  std::size_t size = bytes.size();
  const bool decoded =
      base64_decode_update(&context, &size, reinterpret_cast<std::uint8_t*>(bytes.data()),
                           text.size(), text.data()) == 1 &&
      base64_decode_final(&context) == 1;
  bytes.resize(decoded ? size : 0);
  // nettle's decoder is lenient (it skips white space, takes missing padding and drops bits
  // that padding should have left zero); only the canonical form, the one that encodes back
  // to the same text, is accepted. What is decoded is often a credential: wiped if refused.
  if (!decoded || Base64Encode(bytes) != text) {
    explicit_bzero(bytes.data(), bytes.size());
    return std::nullopt;
  }
  return bytes;
}

}  // namespace mpop::auth
