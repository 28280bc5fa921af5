#include "client/header_identity.hpp"

#include <nettle/sha2.h>

#include <array>
#include <cctype>
#include <cstdint>
#include <optional>

#include "util/ascii.hpp"

namespace mpop::client {
namespace {

constexpr std::array<std::string_view, 4> kFields = {"message-id", "date", "from", "subject"};
constexpr std::size_t kHexDigits = 32;

bool SameName(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (AsciiLower(a[i]) != b[i]) return false;
  }
  return true;
}

// The unfolded body of the first field named `name` (lower case), without its line ends;
// none if the header has no such field.
std::optional<std::string> FieldBody(std::string_view header, std::string_view name) {
  std::optional<std::string> body;
  bool in_field = false;
  while (!header.empty()) {
    std::size_t end = header.find('\n');
    std::string_view line = header.substr(0, end);
    header.remove_prefix(end == std::string_view::npos ? header.size() : end + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) break;  // the end of the header section
    const bool continuation = line.front() == ' ' || line.front() == '\t';
    if (continuation) {
      if (in_field) body->append(line);
      continue;
    }
    if (body) break;  // the field is complete
    const std::size_t colon = line.find(':');
    in_field = colon != std::string_view::npos && SameName(line.substr(0, colon), name);
    if (in_field) body = std::string(line.substr(colon + 1));
  }
  return body;
}

}  // namespace

std::string HeaderIdentity(std::string_view header, std::uint64_t size) {
  // Each field as "name" NUL "body or nothing" NUL, so that no two headers run together
  // into the same bytes; a missing field differs from an empty one by a marker byte.
  std::string input;
  for (std::string_view name : kFields) {
    input.append(name).push_back('\0');
    if (std::optional<std::string> body = FieldBody(header, name)) {
      input.push_back('=');
      input.append(*body);
    }
    input.push_back('\0');
  }
  input.append(std::to_string(size));
  // nettle: linked and small, so hashing headers needs no TLS library loaded (issue 17).
  std::array<std::uint8_t, SHA256_DIGEST_SIZE> digest{};
  sha256_ctx context;
  sha256_init(&context);
  sha256_update(&context, input.size(), reinterpret_cast<const std::uint8_t*>(input.data()));
  sha256_digest(&context, digest.size(), digest.data());
  static constexpr char kHex[] = "0123456789abcdef";
  std::string identity = "hdr-";
  for (std::size_t i = 0; i < kHexDigits / 2; ++i) {
    identity.push_back(kHex[digest[i] >> 4]);
    identity.push_back(kHex[digest[i] & 0xf]);
  }
  return identity;
}

}  // namespace mpop::client
