#include "auth/netrc.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace mpop::auth {
namespace {

std::optional<std::string> Find(std::string_view text, std::string_view host,
                                std::string_view user) {
  std::optional<SecretString> password = FindNetrcPassword(text, host, user);
  if (!password) return std::nullopt;
  return std::string(password->view());
}

TEST(ParseNetrcTest, AllTokens) {
  EXPECT_EQ(ParseNetrc("machine pop.example.com login joe password secret account acct\n"
                       "default login anonymous password guest\n"
                       "machine other\n  login  \"two words\"\tpassword \"q\\\"uote\\\\\"\n"),
            (std::vector<NetrcEntry>{
                {"pop.example.com", false, "joe", "secret", "acct"},
                {"", true, "anonymous", "guest", std::nullopt},
                {"other", false, "two words", "q\"uote\\", std::nullopt},
            }));
}

TEST(ParseNetrcTest, MacdefBodyIsSkipped) {
  EXPECT_EQ(ParseNetrc("macdef init\nmachine fake login x password y\ncd /\n\n"
                       "machine real login joe password pw\n"),
            (std::vector<NetrcEntry>{{"real", false, "joe", "pw", std::nullopt}}));
  // An unterminated macro swallows the rest.
  EXPECT_TRUE(ParseNetrc("macdef m\nmachine a login b password c\n").empty());
}

TEST(ParseNetrcTest, CommentsOnlyWhereAKeywordIsExpected) {
  EXPECT_EQ(ParseNetrc("# machine commented login x password y\n"
                       "machine h login u password #hash # trailing comment password z\n"),
            (std::vector<NetrcEntry>{{"h", false, "u", "#hash", std::nullopt}}));
}

TEST(ParseNetrcTest, OddInputs) {
  EXPECT_TRUE(ParseNetrc("").empty());
  EXPECT_TRUE(ParseNetrc("login joe password stray\n").empty());
  EXPECT_TRUE(ParseNetrc("machine").empty());
  EXPECT_EQ(ParseNetrc("machine h login"),
            (std::vector<NetrcEntry>{{"h", false, std::nullopt, std::nullopt, std::nullopt}}));
  EXPECT_EQ(ParseNetrc("machine h port 110 login u password \"open"),
            (std::vector<NetrcEntry>{{"h", false, "u", "open", std::nullopt}}));
  EXPECT_EQ(ParseNetrc("machine h\r\nlogin u\r\npassword p\r\n"),
            (std::vector<NetrcEntry>{{"h", false, "u", "p", std::nullopt}}));
}

TEST(FindNetrcPasswordTest, MatchesMachineAndLogin) {
  constexpr std::string_view kText =
      "machine pop.example.com login other password wrong\n"
      "machine pop.example.com password nologin\n"
      "machine pop.example.com login joe\n"
      "machine POP.Example.COM login joe password right\n"
      "machine pop.example.com login joe password later\n"
      "default login joe password never\n";
  EXPECT_EQ(Find(kText, "pop.example.com", "joe"), "right");
  EXPECT_EQ(Find(kText, "pop.example.com", "other"), "wrong");
  EXPECT_EQ(Find(kText, "pop.example.com", "JOE"), std::nullopt);  // logins are exact
  EXPECT_EQ(Find(kText, "elsewhere", "joe"), std::nullopt);        // default never matches
  EXPECT_EQ(Find("machine h login \"\" password p\n", "h", ""), "p");
  EXPECT_EQ(Find("machine h login u password \"\"\n", "h", "u"), "");
}

}  // namespace
}  // namespace mpop::auth
