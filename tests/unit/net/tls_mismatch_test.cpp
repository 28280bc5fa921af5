#include "net/tls_mismatch.hpp"

#include <gtest/gtest.h>

#include <string>

namespace mpop::net {
namespace {

using namespace std::string_literals;

TEST(ClassifyFirstBytesTest, Table) {
  struct Case {
    std::string bytes;
    FirstBytes kind;
  } cases[] = {
      {"", FirstBytes::kUnknown},
      {"\x16\x03\x01\x00\xa5"s, FirstBytes::kTlsRecord},  // ClientHello-style handshake
      {"\x16"s, FirstBytes::kTlsRecord},
      {"\x15\x03\x03\x00\x02\x02\x28"s, FirstBytes::kTlsRecord},  // alert
      {"\x16\x01"s, FirstBytes::kUnknown},
      {"+OK Dovecot ready.\r\n", FirstBytes::kPop3Reply},
      {"+", FirstBytes::kPop3Reply},
      {"+O", FirstBytes::kPop3Reply},
      {"-ERR go away\r\n", FirstBytes::kPop3Reply},
      {"-E", FirstBytes::kPop3Reply},
      {"* OK IMAP4rev1 ready\r\n", FirstBytes::kOtherText},
      {"220 smtp.example ESMTP\r\n", FirstBytes::kOtherText},
      {"\x00\x01\x02"s, FirstBytes::kUnknown},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(ClassifyFirstBytes(c.bytes), c.kind) << c.bytes;
  }
}

TEST(ClassifyFirstBytesTest, EveryPrefixOfAGreetingIsPop3) {
  std::string greeting = "+OK POP3 ready\r\n";
  for (std::size_t n = 1; n <= greeting.size(); ++n) {
    EXPECT_EQ(ClassifyFirstBytes(greeting.substr(0, n)), FirstBytes::kPop3Reply) << n;
  }
}

TEST(MismatchHintTest, Texts) {
  EXPECT_EQ(TlsFromStartHint(true),
            "the server speaks TLS from the start (port 995?): set tls_starttls off");
  EXPECT_EQ(TlsFromStartHint(false),
            "the server speaks TLS from the start (port 995?): set tls on and tls_starttls off");
  EXPECT_EQ(StarttlsExpectedHint(), "the server expects STARTTLS (port 110?): set tls_starttls on");
}

TEST(MismatchHintTest, GreetingTimeout) {
  EXPECT_EQ(GreetingTimeoutHint(true, true, 995),
            "port 995 usually speaks TLS from the start, which sends no greeting: set "
            "tls_starttls off");
  EXPECT_EQ(GreetingTimeoutHint(false, true, 995),
            "port 995 usually speaks TLS from the start, which sends no greeting: set tls on "
            "and tls_starttls off");
  EXPECT_EQ(GreetingTimeoutHint(true, true, 110),
            "if the server speaks TLS from the start (as on port 995), set tls_starttls off");
  EXPECT_EQ(GreetingTimeoutHint(true, false, 995), std::nullopt);
}

TEST(PrintableExcerptTest, FirstLineControlCharactersAndLength) {
  EXPECT_EQ(PrintableExcerpt("+OK ready\r\nmore"), "+OK ready");
  EXPECT_EQ(PrintableExcerpt("a\tb\x01"), "a?b?");
  EXPECT_EQ(PrintableExcerpt(std::string(50, 'x'), 10), "xxxxxxxxxx...");
}

}  // namespace
}  // namespace mpop::net
