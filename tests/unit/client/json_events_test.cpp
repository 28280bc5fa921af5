#include "client/json_events.hpp"

#include <gtest/gtest.h>

#include <cstdio>

#include "client/account_output.hpp"
#include "client/json_lines.hpp"

namespace mpop::client {
namespace {

TEST(JsonEventsTest, ModesHaveTheirNames) {
  EXPECT_EQ(ModeName({}), "retrieve");
  EXPECT_EQ(ModeName({.mode = Mode::kStatusOnly}), "status-only");
  EXPECT_EQ(ModeName({.mode = Mode::kServerInfo}), "serverinfo");
  EXPECT_EQ(ModeName({.mode = Mode::kAuthOnly}), "auth-only");
  EXPECT_EQ(ModeName({.dry_run = true}), "dry-run");
  EXPECT_EQ(ModeName({.mark_seen = true}), "mark-seen");
}

TEST(JsonEventsTest, TimesAreUtcWithMilliseconds) {
  const auto time = std::chrono::system_clock::time_point(std::chrono::milliseconds(1796501490197));
  EXPECT_EQ(FormatUtcTime(time), "2026-12-05T20:11:30.197Z");
}

TEST(JsonEventsTest, AMailSaysWhatHappenedToIt) {
  AccountReport report;
  report.account = "isp";
  MailEvent mail;
  mail.number = 2;
  mail.size = 123;
  mail.fate = MailFate::kKilled;
  mail.reason = "killsize";
  mail.kept = true;
  EXPECT_EQ(FormatJsonLine(MailJson(report, mail)),
            "{\"account\":\"isp\",\"action\":\"killed\",\"deleted\":false,\"delivered_to\":null,"
            "\"kept\":true,\"number\":2,\"reason\":\"killsize\",\"schema\":1,\"size\":123,"
            "\"type\":\"mail\",\"uid\":null}\n");
}

TEST(JsonEventsTest, AccountEndCarriesTheCodeAndTheError) {
  AccountReport report;
  report.account = "isp";
  report.code = ExitCode::kNoHost;
  report.error = "cannot resolve pop.example";
  report.seconds = std::chrono::duration<double>(1.23456);
  const nlohmann::json end = AccountEndJson(report, "retrieve");
  EXPECT_EQ(end["code"], 68);
  EXPECT_EQ(end["code_name"], "EX_NOHOST");
  EXPECT_EQ(end["error"], "cannot resolve pop.example");
  EXPECT_EQ(end["seconds"], 1.235);
}

TEST(JsonEventsTest, InJsonModeTextGoesNowhereAndWarningsBecomeObjects) {
  std::FILE* saved = stdout;
  std::FILE* file = std::tmpfile();
  ASSERT_NE(file, nullptr);
  stdout = file;
  {
    ConsoleLock console;
    AccountOutput out(console, /*buffered=*/true);
    out.EnableJson("isp");
    out.Out("1 message (1 KiB) for joe at pop.example\n");
    out.Err("mpop: first warning\nmpop: second\n");
    out.Json(JsonObject("x"));
  }
  stdout = saved;
  std::rewind(file);
  char buffer[1024] = {};
  const std::size_t got = std::fread(buffer, 1, sizeof buffer - 1, file);
  std::fclose(file);
  EXPECT_EQ(
      std::string(buffer, got),
      "{\"account\":\"isp\",\"message\":\"first warning\",\"schema\":1,\"type\":\"warning\"}\n"
      "{\"account\":\"isp\",\"message\":\"second\",\"schema\":1,\"type\":\"warning\"}\n"
      "{\"schema\":1,\"type\":\"x\"}\n");
}

}  // namespace
}  // namespace mpop::client
