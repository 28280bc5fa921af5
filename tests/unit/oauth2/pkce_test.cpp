#include "oauth2/pkce.hpp"

#include <gtest/gtest.h>

#include "oauth2/base64url.hpp"

namespace mpop::oauth2 {
namespace {

TEST(Base64UrlTest, EncodesWithoutPaddingInTheUrlAlphabet) {
  EXPECT_EQ(Base64UrlEncode(""), "");
  EXPECT_EQ(Base64UrlEncode("f"), "Zg");
  EXPECT_EQ(Base64UrlEncode("fo"), "Zm8");
  EXPECT_EQ(Base64UrlEncode("foo"), "Zm9v");
  EXPECT_EQ(Base64UrlEncode("foob"), "Zm9vYg");
  EXPECT_EQ(Base64UrlEncode(std::string("\xfb\xff\xbf", 3)), "-_-_");
}

// RFC 7636 appendix B.
TEST(PkceTest, ChallengeS256MatchesTheRfcExample) {
  EXPECT_EQ(ChallengeS256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
}

TEST(PkceTest, VerifierHas43UnreservedCharactersAndIsFresh) {
  Result<Pkce> first = MakePkce();
  Result<Pkce> second = MakePkce();
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->verifier.size(), 43u);
  EXPECT_EQ(first->verifier.find_first_not_of(
                "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"),
            std::string::npos);
  EXPECT_NE(first->verifier, second->verifier);
  EXPECT_EQ(first->challenge, ChallengeS256(first->verifier));
}

TEST(PkceTest, RandomTokenLength) {
  Result<std::string> state = RandomToken(16);
  ASSERT_TRUE(state);
  EXPECT_EQ(state->size(), 22u);
}

}  // namespace
}  // namespace mpop::oauth2
