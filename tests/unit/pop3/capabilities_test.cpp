#include "pop3/capabilities.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mpop::pop3 {
namespace {

TEST(ParseCapabilitiesTest, DovecotLikeList) {
  std::vector<std::string> lines = {"CAPA",
                                    "TOP",
                                    "UIDL",
                                    "RESP-CODES",
                                    "PIPELINING",
                                    "AUTH-RESP-CODE",
                                    "STLS",
                                    "USER",
                                    "SASL PLAIN login scram-sha-256",
                                    "IMPLEMENTATION Dovecot (Debian) 2.3",
                                    "LOGIN-DELAY 900",
                                    "EXPIRE NEVER"};
  Capabilities caps = ParseCapabilities(lines);
  Capabilities expected;
  expected.capa_supported = true;
  expected.top = expected.uidl = expected.resp_codes = expected.pipelining = true;
  expected.auth_resp_code = expected.stls = expected.user = expected.sasl = true;
  expected.sasl_mechanisms = {"PLAIN", "LOGIN", "SCRAM-SHA-256"};
  expected.implementation = "Dovecot (Debian) 2.3";
  expected.login_delay = 900;
  expected.expire = Expire{Expire::Kind::kNever, 0, false};
  EXPECT_EQ(caps, expected);
}

TEST(ParseCapabilitiesTest, EmptyListStillMeansCapaWorks) {
  Capabilities caps = ParseCapabilities(std::vector<std::string>{});
  EXPECT_TRUE(caps.capa_supported);
  EXPECT_TRUE(caps.KnownMissing(caps.top));
  EXPECT_FALSE(Capabilities().KnownMissing(Capabilities().top));
}

TEST(ParseCapabilitiesTest, Expire) {
  const std::pair<std::string, Expire> cases[] = {
      {"EXPIRE NEVER", {Expire::Kind::kNever, 0, false}},
      {"expire never", {Expire::Kind::kNever, 0, false}},
      {"EXPIRE 0", {Expire::Kind::kDays, 0, false}},
      {"EXPIRE 31", {Expire::Kind::kDays, 31, false}},
      {"EXPIRE 31 USER", {Expire::Kind::kDays, 31, true}},
      {"EXPIRE -1", {Expire::Kind::kUnknown, 0, false}},
      {"EXPIRE soon", {Expire::Kind::kUnknown, 0, false}},
      {"EXPIRE", {Expire::Kind::kUnknown, 0, false}},
      {"EXPIRE 99999999999999999999999", {Expire::Kind::kUnknown, 0, false}},
  };
  for (const auto& [line, expire] : cases) {
    SCOPED_TRACE(line);
    Capabilities caps = ParseCapabilities(std::vector<std::string>{line});
    ASSERT_TRUE(caps.expire.has_value());
    EXPECT_EQ(*caps.expire, expire);
  }
}

TEST(ParseCapabilitiesTest, LoginDelay) {
  const std::pair<std::string, std::optional<long>> cases[] = {
      {"LOGIN-DELAY 0", 0},
      {"LOGIN-DELAY 3600 USER", 3600},
      {"LOGIN-DELAY x", std::nullopt},
      {"LOGIN-DELAY", std::nullopt},
      {"LOGIN-DELAY -5", std::nullopt},
  };
  for (const auto& [line, delay] : cases) {
    SCOPED_TRACE(line);
    EXPECT_EQ(ParseCapabilities(std::vector<std::string>{line}).login_delay, delay);
  }
  EXPECT_TRUE(ParseCapabilities(std::vector<std::string>{"LOGIN-DELAY 3600 USER"})
                  .login_delay_user_specific);
}

TEST(ParseCapabilitiesTest, SaslMechanismsAreUppercasedAndDeduplicated) {
  Capabilities caps =
      ParseCapabilities(std::vector<std::string>{"SASL  plain\tPLAIN  xoauth2 ", "SASL CRAM-MD5"});
  EXPECT_EQ(caps.sasl_mechanisms, (std::vector<std::string>{"PLAIN", "XOAUTH2", "CRAM-MD5"}));
  EXPECT_TRUE(ParseCapabilities(std::vector<std::string>{"SASL"}).sasl);
}

TEST(ParseCapabilitiesTest, IgnoresUnknownAndMalformedLines) {
  Capabilities caps = ParseCapabilities(
      std::vector<std::string>{"", "   ", "X-FOO bar", "TOPX", "\x01\x02", "uidl"});
  Capabilities expected;
  expected.capa_supported = true;
  expected.uidl = true;
  EXPECT_EQ(caps, expected);
}

TEST(ParseCapabilitiesTest, OnlyTheFirstFiftyLinesCount) {
  std::vector<std::string> lines(kMaxCapabilityLines, "X-FILLER");
  lines.push_back("TOP");
  EXPECT_FALSE(ParseCapabilities(lines).top);
  lines.insert(lines.begin(), "TOP");
  EXPECT_TRUE(ParseCapabilities(lines).top);
}

TEST(ParseCapabilitiesTest, ImplementationKeepsTheRestOfTheLine) {
  Capabilities caps =
      ParseCapabilities(std::vector<std::string>{"IMPLEMENTATION   Shlemazle  Plotz v302"});
  EXPECT_EQ(caps.implementation, "Shlemazle  Plotz v302");
}

}  // namespace
}  // namespace mpop::pop3
