// Value parsers of config/values.hpp. The expected results for numbers and sizes were
// checked against Debian's mpop 1.4.18 (the config parser of 1.4.23 is the same there);
// keep durations follow doc/COMPAT.md 10.

#include "config/values.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "scoped_env.hpp"

namespace mpop::config {
namespace {

using testing::ScopedEnv;

template <class T>
struct Case {
  std::string text;
  std::optional<T> expected;  // nullopt: must fail
};

template <class T, class F>
void RunTable(const std::vector<Case<T>>& cases, F parse) {
  for (const Case<T>& c : cases) {
    auto result = parse(c.text);
    if (c.expected) {
      ASSERT_TRUE(result.has_value()) << "'" << c.text << "': " << result.error().message;
      EXPECT_EQ(*result, *c.expected) << "'" << c.text << "'";
    } else {
      EXPECT_FALSE(result.has_value()) << "'" << c.text << "' parsed";
      if (!result) {
        EXPECT_EQ(result.error().code, ExitCode::kConfig) << c.text;
      }
    }
  }
}

TEST(ParsePortTest, Table) {
  RunTable<int>(
      {
          {"1", 1},
          {"110", 110},
          {"65535", 65535},
          {"0x6e", 110},  // strtol base 0: hex
          {"0156", 110},  // and octal
          {" 12", 12},    // leading white space, as strtol skips it
          {"+995", 995},
          {"0", std::nullopt},
          {"65536", std::nullopt},
          {"-1", std::nullopt},
          {"-0", std::nullopt},
          {"12x", std::nullopt},
          {"12 ", std::nullopt},
          {"08", std::nullopt},  // not octal
          {"0x", std::nullopt},
          {"", std::nullopt},
          {" ", std::nullopt},
          {"99999999999999999999", std::nullopt},
          {std::string("1\0", 2), std::nullopt},
      },
      ParsePort);
}

TEST(ParsePortTest, ErrorText) { EXPECT_EQ(ParsePort("0x").error().message, "invalid port 0x"); }

TEST(ParseTimeoutTest, Table) {
  RunTable<int>(
      {
          {"off", 0},
          {"1", 1},
          {"180", 180},
          {"010", 8},
          {"+1", 1},
          {"2147483647", 2147483647},
          {"2147483648", std::nullopt},
          {"0", std::nullopt},
          {"-0", std::nullopt},
          {"-5", std::nullopt},
          {"1.5", std::nullopt},
          {"1 ", std::nullopt},
          {"OFF", std::nullopt},
          {"on", std::nullopt},
          {"", std::nullopt},
      },
      ParseTimeout);
}

TEST(ParseSizeTest, Table) {
  RunTable<std::int64_t>(
      {
          {"0", 0},
          {"00", 0},
          {"-0", 0},
          {"1", 1},
          {"10k", 10240},
          {"2m", 2097152},
          {"0k", 0},
          {"0x10", 16},
          {"010", 8},
          {" 12", 12},
          {"+5", 5},
          {"2147483648", 2147483648LL},
          {"4294967296k", 4398046511104LL},
          {"9223372036854775807", INT64_MAX},
          {"9007199254740991k", 9223372036854774784LL},
          {"8796093022207m", 9223372036853727232LL},
          {"9223372036854775808", std::nullopt},
          {"9007199254740992k", std::nullopt},
          {"8796093022208m", std::nullopt},
          {"-1", std::nullopt},
          {"1K", std::nullopt},
          {"1M", std::nullopt},
          {"1g", std::nullopt},
          {"1km", std::nullopt},
          {"12kk", std::nullopt},
          {"k", std::nullopt},
          {"m", std::nullopt},
          {"1 k", std::nullopt},
          {"0x", std::nullopt},
          {"off", std::nullopt},  // the caller's business
          {"", std::nullopt},
      },
      ParseSize);
}

TEST(ParseSizeTest, ErrorTextIsUpstreams) {
  EXPECT_EQ(ParseSize("1g").error().message, "invalid size (not a number or out of range): 1g");
}

TEST(ParseKeepTest, Table) {
  RunTable<std::int64_t>(
      {
          {"", kKeepForever},
          {"on", kKeepForever},
          {"off", 0},
          {"0s", 0},
          {"0d", 0},
          {"1s", 1},
          {"1m", 60},
          {"1h", 3600},
          {"1d", 86400},
          {"36h", 129600},
          {"1d12h", 129600},
          {"1d 11h 60m", 129600},
          {"1d\t12h", 129600},
          {"  1d", 86400},    // blanks before a term
          {"12h1d", 129600},  // any order
          {"1h1h", 7200},     // terms add up
          {"90s", 90},
          {"007m", 420},  // decimal, not octal
          {"106751991167300d", 106751991167300LL * 86400},
          {"3600", std::nullopt},  // every term needs its unit
          {"1d12", std::nullopt},
          {"1d ", std::nullopt},  // no trailing blanks
          {"d", std::nullopt},
          {"1w", std::nullopt},
          {"1D", std::nullopt},
          {"1 d", std::nullopt},
          {"-1d", std::nullopt},
          {"+1d", std::nullopt},
          {"0x10s", std::nullopt},
          {"1.5h", std::nullopt},
          {" ", std::nullopt},
          {"ON", std::nullopt},
          {"yes", std::nullopt},
          {"106751991167301d", std::nullopt},  // overflows 64 bits
          {"9223372036854775806s", INT64_MAX - 1},
          {"9223372036854775806s2s", std::nullopt},
          {"99999999999999999999s", std::nullopt},
      },
      ParseKeep);
  EXPECT_EQ(ParseKeep("3600").error().message, "invalid duration 3600");
}

TEST(ParseOnOffTest, Table) {
  RunTable<bool>({{"", true},
                  {"on", true},
                  {"off", false},
                  {"ON", std::nullopt},
                  {"yes", std::nullopt},
                  {"1", std::nullopt},
                  {" on", std::nullopt}},
                 ParseOnOff);
}

TEST(ParsePipeliningTest, Table) {
  RunTable<Pipelining>({{"auto", Pipelining::kAuto},
                        {"on", Pipelining::kOn},
                        {"", Pipelining::kOn},
                        {"off", Pipelining::kOff},
                        {"Auto", std::nullopt},
                        {"maybe", std::nullopt}},
                       ParsePipelining);
}

TEST(ParseAuthMethodTest, Table) {
  RunTable<std::string>({{"", ""},
                         {"on", ""},
                         {"scram-sha-256-plus", "SCRAM-SHA-256-PLUS"},
                         {"scram-sha-1-plus", "SCRAM-SHA-1-PLUS"},
                         {"scram-sha-256", "SCRAM-SHA-256"},
                         {"scram-sha-1", "SCRAM-SHA-1"},
                         {"user", "USER"},
                         {"apop", "APOP"},
                         {"plain", "PLAIN"},
                         {"gssapi", "GSSAPI"},
                         {"external", "EXTERNAL"},
                         {"oauthbearer", "OAUTHBEARER"},
                         {"cram-md5", "CRAM-MD5"},
                         {"digest-md5", "DIGEST-MD5"},
                         {"login", "LOGIN"},
                         {"ntlm", "NTLM"},
                         {"xoauth2", "XOAUTH2"},
                         {"PLAIN", std::nullopt},
                         {"off", std::nullopt},
                         {"foo", std::nullopt},
                         {"plain ", std::nullopt}},
                        ParseAuthMethod);
}

TEST(ParseDeliveryTest, MethodsAndTilde) {
  ScopedEnv home("HOME", "/home/joe");
  struct DCase {
    std::string method, argument;
    std::optional<Delivery> expected;
  } cases[] = {
      {"mda", "~/bin/deliver %F", Delivery{delivery::FindDeliveryKind("mda"), "~/bin/deliver %F"}},
      {"maildir", "~/Maildir",
       Delivery{delivery::FindDeliveryKind("maildir"), "/home/joe/Maildir"}},
      {"mbox", "~/mail box", Delivery{delivery::FindDeliveryKind("mbox"), "/home/joe/mail box"}},
      {"exchange", "/pickup", Delivery{delivery::FindDeliveryKind("exchange"), "/pickup"}},
      {"mbox", "rel/path", Delivery{delivery::FindDeliveryKind("mbox"), "rel/path"}},
      {"MDA", "x", std::nullopt},
      {"smtp", "x", std::nullopt},
      {"", "x", std::nullopt},
      {"mbox", "", std::nullopt},
      {"mda", "", std::nullopt},
  };
  for (const DCase& c : cases) {
    Result<Delivery> d = ParseDelivery(c.method, c.argument);
    if (c.expected) {
      ASSERT_TRUE(d.has_value()) << c.method << " " << c.argument;
      EXPECT_EQ(*d, *c.expected);
    } else {
      EXPECT_FALSE(d.has_value()) << c.method << " " << c.argument;
    }
  }
  EXPECT_EQ(ParseDelivery("mbox", "").error().message,
            "delivery mbox needs a file, such as: delivery mbox ~/mbox");
  EXPECT_EQ(ParseDelivery("smtp", "x").error().message, "invalid delivery method smtp");
}

TEST(ParseFingerprintTest, Table) {
  std::string sha1 = "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33";
  std::string md5 = "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF";
  std::string sha256 = md5 + ":" + md5;
  RunTable<std::string>(
      {
          {sha1, sha1},
          {md5, md5},
          {sha256, sha256},
          {"00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff", md5},
          {"00 11 22 33 44 55 66 77 88 99 AA BB CC DD EE ff", md5},
          {"00:11 22:33 44:55 66:77 88:99 AA:BB CC:DD EE:FF", md5},
          {"00:11", std::nullopt},
          {"", std::nullopt},
          {"00-11-22-33-44-55-66-77-88-99-AA-BB-CC-DD-EE-FF", std::nullopt},
          {"0g:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF", std::nullopt},
          {"00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:", std::nullopt},
          {"00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00", std::nullopt},  // 17 pairs
          {"001:1:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF", std::nullopt},
      },
      ParseFingerprint);
}

TEST(ParseDhPrimeBitsTest, Table) {
  RunTable<int>({{"", -1},
                 {"512", 512},
                 {"0x200", 512},
                 {"0", std::nullopt},
                 {"-1", std::nullopt},
                 {"x", std::nullopt}},
                ParseDhPrimeBits);
}

TEST(ExpandTildeTest, UsesHome) {
  ScopedEnv home("HOME", "/home/joe");
  EXPECT_EQ(ExpandTilde("~"), "/home/joe");
  EXPECT_EQ(ExpandTilde("~/x"), "/home/joe/x");
  EXPECT_EQ(ExpandTilde("~root/x"), "/home/joeroot/x");  // no ~user, as upstream
  EXPECT_EQ(ExpandTilde("/a/~/b"), "/a/~/b");
  EXPECT_EQ(ExpandTilde("\"~/x"), "\"~/x");
  EXPECT_EQ(ExpandTilde(""), "");
}

TEST(ExpandTildeTest, EmptyHomeFallsBackToPasswd) {
  ScopedEnv home("HOME", "");
  std::string expanded = ExpandTilde("~/x");
  EXPECT_NE(expanded.substr(0, 1), "~");  // the test user has a passwd entry
  EXPECT_EQ(expanded.substr(expanded.size() - 2), "/x");
}

}  // namespace
}  // namespace mpop::config
