#include "auth/base64.hpp"

#include <gtest/gtest.h>

#include <string>

namespace mpop::auth {
namespace {

struct Vector {
  std::string bytes;
  std::string text;
};

// RFC 4648 section 10, plus bytes with the high bit set and NULs.
const Vector kVectors[] = {
    {"", ""},
    {"f", "Zg=="},
    {"fo", "Zm8="},
    {"foo", "Zm9v"},
    {"foob", "Zm9vYg=="},
    {"fooba", "Zm9vYmE="},
    {"foobar", "Zm9vYmFy"},
    {std::string("\0alice\0alicepw", 14), "AGFsaWNlAGFsaWNlcHc="},
    {"\xff\xfe\xfd", "//79"},
    {"\xfb\xef", "++8="},
};

TEST(Base64Test, EncodesAndDecodesTheVectors) {
  for (const Vector& vector : kVectors) {
    EXPECT_EQ(Base64Encode(vector.bytes), vector.text) << vector.text;
    EXPECT_EQ(Base64Decode(vector.text), vector.bytes) << vector.text;
  }
}

TEST(Base64Test, RefusesWhatIsNotCanonical) {
  for (std::string_view bad : {"Zg", "Zg=", "Zg===", "Z===", "Zm9v Zg==", "Zg==Zm9v",
                               "Zh==", "Zm9=", "Zm-v", "Zm_v", "=Zm9", "Z=g=", "****"}) {
    EXPECT_EQ(Base64Decode(bad), std::nullopt) << bad;
  }
}

TEST(Base64Test, RoundTripsEveryByteValue) {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes += static_cast<char>(i);
  for (std::size_t length = 0; length <= bytes.size(); length += 37) {
    const std::string piece = bytes.substr(bytes.size() - length);
    EXPECT_EQ(Base64Decode(Base64Encode(piece)), piece);
  }
}

}  // namespace
}  // namespace mpop::auth
