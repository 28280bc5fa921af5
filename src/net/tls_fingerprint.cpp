#include "net/tls_fingerprint.hpp"

#include <nettle/nettle-meta.h>

#include <cstddef>
#include <cstdint>

#include "util/i18n.hpp"

namespace mpop::net {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// nettle's description of the hash (nettle is GnuTLS's own crypto library, small enough to
// link: a fingerprint needs no TLS library loaded).
const nettle_hash& HashOf(FingerprintType type) {
  switch (type) {
    case FingerprintType::kMd5:
      return nettle_md5;
    case FingerprintType::kSha1:
      return nettle_sha1;
    case FingerprintType::kSha256:
      return nettle_sha256;
  }
  return nettle_sha256;
}

}  // namespace

std::string_view FingerprintTypeName(FingerprintType type) {
  switch (type) {
    case FingerprintType::kMd5:
      return "MD5";
    case FingerprintType::kSha1:
      return "SHA1";
    case FingerprintType::kSha256:
      return "SHA256";
  }
  return "SHA256";
}

Result<Fingerprint> ParseFingerprint(std::string_view text) {
  auto invalid = [&](std::string_view why) {
    return Error::Config(TrFormat("invalid fingerprint '{}': {}", text, why));
  };
  Fingerprint result;
  switch (text.size()) {
    case 95:
      result.type = FingerprintType::kSha256;
      break;
    case 59:
      result.type = FingerprintType::kSha1;
      break;
    case 47:
      result.type = FingerprintType::kMd5;
      break;
    default:
      return invalid("expected 32 (SHA256), 20 (SHA1) or 16 (MD5) hex pairs separated by ':'");
  }
  for (std::size_t i = 0; i < text.size(); i += 3) {
    int high = HexValue(text[i]);
    int low = HexValue(text[i + 1]);
    if (high < 0 || low < 0) return invalid("not a hex pair at position " + std::to_string(i + 1));
    if (i + 2 < text.size() && text[i + 2] != ':' && text[i + 2] != ' ') {
      return invalid("expected ':' at position " + std::to_string(i + 3));
    }
    result.digest.push_back(static_cast<unsigned char>(high * 16 + low));
  }
  return result;
}

std::string FormatFingerprint(std::span<const unsigned char> digest) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string text;
  for (unsigned char byte : digest) {
    if (!text.empty()) text += ':';
    text += kHex[byte >> 4];
    text += kHex[byte & 0x0f];
  }
  return text;
}

Result<std::vector<unsigned char>> CertificateDigest(std::string_view der, FingerprintType type) {
  const nettle_hash& hash = HashOf(type);
  // The hash's context, aligned for any of its members.
  std::vector<std::max_align_t> context(hash.context_size / sizeof(std::max_align_t) + 1);
  hash.init(context.data());
  hash.update(context.data(), der.size(), reinterpret_cast<const std::uint8_t*>(der.data()));
  std::vector<unsigned char> digest(hash.digest_size);
  hash.digest(context.data(), digest.size(), digest.data());
  return digest;
}

Status CheckFingerprint(std::string_view der, const Fingerprint& expected) {
  auto digest = CertificateDigest(der, expected.type);
  if (!digest) return std::move(digest).error();
  if (*digest != expected.digest) {
    return Error::Unavailable(
        Tr("TLS certificate verification failed: the certificate fingerprint does not match "
           "tls_fingerprint"));
  }
  return {};
}

}  // namespace mpop::net
