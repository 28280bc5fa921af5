#include "pop3/greeting.hpp"

#include <gtest/gtest.h>

namespace mpop::pop3 {
namespace {

TEST(FindApopTimestampTest, Table) {
  const std::pair<std::string, std::optional<std::string>> cases[] = {
      {"POP3 server ready <1896.697170952@dbc.mtview.ca.us>", "<1896.697170952@dbc.mtview.ca.us>"},
      // Dovecot: '=' in the local part must be accepted (upstream 1.4.18 refused it).
      {"Dovecot ready. <4a1c.2b.65abc123.Zm9vYmFy==@mail.example.org>",
       "<4a1c.2b.65abc123.Zm9vYmFy==@mail.example.org>"},
      {"ready <a@[192.0.2.1]> x", "<a@[192.0.2.1]>"},
      {"ready <x!#$%&'*+-/=?^_`{|}~@h>", "<x!#$%&'*+-/=?^_`{|}~@h>"},
      {"no timestamp", std::nullopt},
      {"<no-at-sign>", std::nullopt},
      {"<@host>", std::nullopt},
      {"<local@>", std::nullopt},
      {"<a b@host>", std::nullopt},
      {"<a@ho st>", std::nullopt},
      {"<a..b@host>", std::nullopt},
      {"<.a@host>", std::nullopt},
      {"<a.@host>", std::nullopt},
      {"<a@b@host>", std::nullopt},
      {"<a\"b@host>", std::nullopt},
      {"<a(b)@host>", std::nullopt},
      {"<a@host", std::nullopt},
      {"<\xc3\xa4@host>", std::nullopt},
      {"<a\x01@host>", std::nullopt},
      {"<a@[1.2.3.4\\]>", std::nullopt},
      // CVE-2007-1558: a forged "timestamp" that is really a chosen string.
      {"<>", std::nullopt},
      {"<" + std::string(600, 'a') + "@h>", std::nullopt},
  };
  for (const auto& [text, timestamp] : cases) {
    SCOPED_TRACE(text);
    EXPECT_EQ(FindApopTimestamp(text), timestamp);
  }
}

TEST(ParseGreetingTest, PositiveGreeting) {
  Result<Reply> reply = ParseReply("+OK ready <1.2@h>");
  ASSERT_TRUE(reply.has_value());
  Result<Greeting> greeting = ParseGreeting(*reply);
  ASSERT_TRUE(greeting.has_value());
  EXPECT_EQ(*greeting, (Greeting{"ready <1.2@h>", "<1.2@h>"}));
}

TEST(ParseGreetingTest, NegativeGreetingIsAnError) {
  Result<Reply> reply = ParseReply("-ERR [SYS/TEMP] too many connections");
  ASSERT_TRUE(reply.has_value());
  Result<Greeting> greeting = ParseGreeting(*reply);
  ASSERT_FALSE(greeting.has_value());
  EXPECT_EQ(greeting.error(),
            (Error{ExitCode::kTempFail,
                   "POP3 server refused the session: \"-ERR [SYS/TEMP] too many connections\" "
                   "(temporary failure on the server; try later)",
                   "-ERR [SYS/TEMP] too many connections"}));
  Result<Reply> plain = ParseReply("-ERR go away");
  ASSERT_TRUE(plain.has_value());
  EXPECT_EQ(ParseGreeting(*plain).error().code, ExitCode::kProtocol);
}

}  // namespace
}  // namespace mpop::pop3
