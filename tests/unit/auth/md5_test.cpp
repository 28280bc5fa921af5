#include "auth/md5.hpp"

#include <gtest/gtest.h>

#include <string>

namespace mpop::auth {
namespace {

std::string Hash(std::string_view text, std::size_t chunk) {
  Md5 md5;
  for (std::size_t i = 0; i < text.size(); i += chunk) md5.Update(text.substr(i, chunk));
  return ToHex(md5.Finish());
}

TEST(Md5Test, Rfc1321TestSuite) {
  const std::pair<std::string, std::string> cases[] = {
      {"", "d41d8cd98f00b204e9800998ecf8427e"},
      {"a", "0cc175b9c0f1b6a831c399e269772661"},
      {"abc", "900150983cd24fb0d6963f7d28e17f72"},
      {"message digest", "f96b697d7cb7938d525a2f31aaf161d0"},
      {"abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"},
      {"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
       "d174ab98d277d9f5a5611c2c9f419d9f"},
      {"12345678901234567890123456789012345678901234567890123456789012345678901234567890",
       "57edf4a22be3c955ac49da2e2107b67a"},
  };
  for (const auto& [text, digest] : cases) {
    for (std::size_t chunk : {1, 2, 3, 63, 64, 65, 1000}) {
      EXPECT_EQ(Hash(text, chunk), digest) << text << " in chunks of " << chunk;
    }
  }
}

TEST(Md5Test, PaddingBoundaries) {
  // Lengths around the 56-byte padding boundary and whole blocks; values from md5sum.
  EXPECT_EQ(Hash(std::string(55, 'a'), 7), "ef1772b6dff9a122358552954ad0df65");
  EXPECT_EQ(Hash(std::string(56, 'a'), 7), "3b0c8ac703f828b04c6c197006d17218");
  EXPECT_EQ(Hash(std::string(64, 'a'), 7), "014842d480b571495a4a0363793f7367");
  EXPECT_EQ(Hash(std::string(1000000, 'a'), 4096), "7707d6ae4e027c70eea2a935c2296f21");
}

}  // namespace
}  // namespace mpop::auth
