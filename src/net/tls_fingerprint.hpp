#pragma once
// Certificate fingerprints: parsing the `tls_fingerprint` setting, formatting digests the
// way --serverinfo prints them, and comparing a certificate against a pinned fingerprint.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.hpp"

namespace mpop::net {

enum class FingerprintType { kMd5, kSha1, kSha256 };

struct Fingerprint {
  FingerprintType type = FingerprintType::kSha256;
  std::vector<unsigned char> digest;  // 16, 20 or 32 bytes
  bool operator==(const Fingerprint&) const = default;
};

// "SHA256", "SHA1", "MD5".
std::string_view FingerprintTypeName(FingerprintType type);

// Hex pairs separated by ':' or ' ' (the separator may vary), any case; the length picks
// the type: 95 characters SHA-256, 59 SHA-1, 47 MD5 (doc/COMPAT.md 5).
// Errors: kConfig "invalid fingerprint 'X': ..." (saying what is wrong).
Result<Fingerprint> ParseFingerprint(std::string_view text);

// Uppercase hex pairs joined by ':' ("AB:CD:...").
std::string FormatFingerprint(std::span<const unsigned char> digest);

// The digest of a DER-encoded certificate, by nettle (no TLS library needed). Never an
// error today; the Result leaves room for a hash library that can fail.
Result<std::vector<unsigned char>> CertificateDigest(std::string_view der, FingerprintType type);

// Whether the DER certificate has the expected fingerprint. Errors: kUnavailable
// "TLS certificate verification failed: the certificate fingerprint does not match
// tls_fingerprint" (the certificate's own fingerprint is not printed: --serverinfo shows
// it to those who mean to check it), kSoftware from CertificateDigest.
Status CheckFingerprint(std::string_view der, const Fingerprint& expected);

}  // namespace mpop::net
