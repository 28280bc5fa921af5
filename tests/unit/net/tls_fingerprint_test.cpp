#include "net/tls_fingerprint.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mpop::net {
namespace {

constexpr char kSha256Abc[] =
    "BA:78:16:BF:8F:01:CF:EA:41:41:40:DE:5D:AE:22:23:B0:03:61:A3:96:17:7A:9C:B4:10:FF:61:F2:00:"
    "15:AD";
constexpr char kSha1Abc[] = "A9:99:3E:36:47:06:81:6A:BA:3E:25:71:78:50:C2:6C:9C:D0:D8:9D";
constexpr char kMd5Abc[] = "90:01:50:98:3C:D2:4F:B0:D6:96:3F:7D:28:E1:7F:72";

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::string Spaced(std::string text) {
  for (char& c : text) {
    if (c == ':') c = ' ';
  }
  return text;
}

TEST(ParseFingerprintTest, TypeFollowsLengthInAnyCaseAndSeparator) {
  struct Case {
    std::string text;
    FingerprintType type;
    std::string canonical;
  } cases[] = {
      {kSha256Abc, FingerprintType::kSha256, kSha256Abc},
      {Lower(kSha256Abc), FingerprintType::kSha256, kSha256Abc},
      {Spaced(kSha256Abc), FingerprintType::kSha256, kSha256Abc},
      {kSha1Abc, FingerprintType::kSha1, kSha1Abc},
      {Spaced(Lower(kSha1Abc)), FingerprintType::kSha1, kSha1Abc},
      {kMd5Abc, FingerprintType::kMd5, kMd5Abc},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    auto parsed = ParseFingerprint(c.text);
    ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
    EXPECT_EQ(parsed->type, c.type);
    EXPECT_EQ(FormatFingerprint(parsed->digest), c.canonical);
  }
}

TEST(ParseFingerprintTest, MixedSeparatorsAreAccepted) {
  std::string text = kSha1Abc;
  text[2] = ' ';
  auto parsed = ParseFingerprint(text);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(FormatFingerprint(parsed->digest), kSha1Abc);
}

TEST(ParseFingerprintTest, ErrorsSayWhatIsWrong) {
  std::string bad_hex = kMd5Abc;
  bad_hex[4] = 'G';
  std::string bad_separator = kMd5Abc;
  bad_separator[5] = '-';
  struct Case {
    std::string text;
    std::string message;
  } cases[] = {
      {"AB:CD",
       "invalid fingerprint 'AB:CD': expected 32 (SHA256), 20 (SHA1) or 16 (MD5) hex pairs "
       "separated by ':'"},
      {std::string(kSha1Abc) + ":",
       "invalid fingerprint '" + std::string(kSha1Abc) +
           ":': expected 32 (SHA256), 20 (SHA1) or 16 (MD5) hex pairs separated by ':'"},
      {bad_hex, "invalid fingerprint '" + bad_hex + "': not a hex pair at position 4"},
      {bad_separator, "invalid fingerprint '" + bad_separator + "': expected ':' at position 6"},
  };
  for (const Case& c : cases) {
    auto parsed = ParseFingerprint(c.text);
    ASSERT_FALSE(parsed.has_value()) << c.text;
    EXPECT_EQ(parsed.error(), Error::Config(c.message));
  }
}

TEST(CertificateDigestTest, KnownVectors) {
  struct Case {
    FingerprintType type;
    const char* expected;
  } cases[] = {{FingerprintType::kSha256, kSha256Abc},
               {FingerprintType::kSha1, kSha1Abc},
               {FingerprintType::kMd5, kMd5Abc}};
  for (const Case& c : cases) {
    auto digest = CertificateDigest("abc", c.type);
    ASSERT_TRUE(digest.has_value());
    EXPECT_EQ(FormatFingerprint(*digest), c.expected);
  }
}

TEST(CheckFingerprintTest, MatchAndMismatch) {
  auto expected = ParseFingerprint(kSha1Abc);
  ASSERT_TRUE(expected.has_value());
  EXPECT_TRUE(CheckFingerprint("abc", *expected).has_value());
  Status mismatch = CheckFingerprint("abd", *expected);
  ASSERT_FALSE(mismatch.has_value());
  EXPECT_EQ(mismatch.error(),
            Error::Unavailable("TLS certificate verification failed: the certificate "
                               "fingerprint does not match tls_fingerprint"));
}

TEST(FormatFingerprintTest, UppercaseColonHex) {
  std::vector<unsigned char> bytes = {0x00, 0x0f, 0xa0, 0xff};
  EXPECT_EQ(FormatFingerprint(bytes), "00:0F:A0:FF");
  EXPECT_EQ(FormatFingerprint({}), "");
}

}  // namespace
}  // namespace mpop::net
