#include "delivery/received_header.hpp"

#include <gtest/gtest.h>

#include <ctime>
#include <string>

namespace mpop::delivery {
namespace {

// Fri, 31 Jul 2026 20:51:30 at UTC+02:00.
std::tm July31() {
  std::tm t{};
  t.tm_year = 2026 - 1900;
  t.tm_mon = 6;
  t.tm_mday = 31;
  t.tm_wday = 5;
  t.tm_hour = 20;
  t.tm_min = 51;
  t.tm_sec = 30;
  t.tm_gmtoff = 2 * 3600;
  return t;
}

ReceivedHeaderInfo Info() {
  ReceivedHeaderInfo info;
  info.server_host = "pop.example.org";
  info.local_host = "laptop.example.net";
  info.login = "joe";
  info.time = July31();
  return info;
}

TEST(ReceivedHeaderTest, ParenthesisVariantsAndLineEndings) {
  struct Case {
    std::optional<std::string> name;
    std::optional<std::string> ip;
    std::string first_line;
  };
  for (const Case& c :
       {Case{"mx.example.org", "192.0.2.1",
             "Received: from pop.example.org (mx.example.org [192.0.2.1])"},
        Case{"mx.example.org", std::nullopt, "Received: from pop.example.org (mx.example.org)"},
        Case{std::nullopt, "2001:db8::1", "Received: from pop.example.org ([2001:db8::1])"},
        Case{std::nullopt, std::nullopt, "Received: from pop.example.org"}}) {
    ReceivedHeaderInfo info = Info();
    info.server_name = c.name;
    info.server_ip = c.ip;
    EXPECT_EQ(FormatReceivedHeader(info, LineEnding::kLf),
              c.first_line +
                  "\n"
                  "\tby laptop.example.net (mpop-1.4.23) with POP3\n"
                  "\tfor <joe>; Fri, 31 Jul 2026 20:51:30 +0200\n");
    EXPECT_EQ(FormatReceivedHeader(info, LineEnding::kCrLf),
              c.first_line +
                  "\r\n"
                  "\tby laptop.example.net (mpop-1.4.23) with POP3\r\n"
                  "\tfor <joe>; Fri, 31 Jul 2026 20:51:30 +0200\r\n");
  }
}

TEST(ReceivedHeaderTest, DateLayout) {
  std::tm t = July31();
  EXPECT_EQ(FormatHeaderDate(t), "Fri, 31 Jul 2026 20:51:30 +0200");
  t.tm_gmtoff = -(5 * 3600 + 30 * 60);
  t.tm_mday = 3;
  t.tm_hour = 4;
  t.tm_min = 5;
  t.tm_sec = 6;
  EXPECT_EQ(FormatHeaderDate(t), "Fri, 03 Jul 2026 04:05:06 -0530");
  t.tm_gmtoff = 0;
  EXPECT_EQ(FormatHeaderDate(t), "Fri, 03 Jul 2026 04:05:06 +0000");
  t.tm_gmtoff = 12 * 3600 + 45 * 60;  // Chatham Islands, summer
  EXPECT_EQ(FormatHeaderDate(t), "Fri, 03 Jul 2026 04:05:06 +1245");
}

TEST(ReceivedHeaderTest, EveryDayAndMonthNameMatchesStrftimeInTheCLocale) {
  // Each day of two years from 2024-01-01 00:00 UTC, noon: every weekday and month name.
  for (std::time_t day = 0; day < 731; ++day) {
    std::time_t when = 1704067200 + day * 86400 + 12 * 3600;
    std::tm t{};
    gmtime_r(&when, &t);
    char expected[64];
    ASSERT_GT(std::strftime(expected, sizeof expected, "%a, %d %b %Y %T %z", &t), 0u);
    ASSERT_EQ(FormatHeaderDate(t), expected);
  }
}

TEST(ReceivedHeaderTest, LocalTimeCarriesTheOffset) {
  std::time_t now = std::time(nullptr);
  std::tm local = LocalTime(now);
  char expected[64];
  ASSERT_GT(std::strftime(expected, sizeof expected, "%a, %d %b %Y %T %z", &local), 0u);
  EXPECT_EQ(FormatHeaderDate(local), expected);
}

}  // namespace
}  // namespace mpop::delivery
