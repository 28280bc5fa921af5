#include "server/log.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

#include "support/temp_dir.hpp"

namespace mpop::server {
namespace {

TEST(LogTest, LineFormat) {
  ::setenv("TZ", "UTC", 1);
  ::tzset();
  EXPECT_EQ(FormatLogLine(1700000000, 4242, LogLevel::kInfo, "connection closed"),
            "2023-11-14 22:13:20 mpopd[4242] info: connection closed\n");
  EXPECT_EQ(FormatLogLine(0, 1, LogLevel::kError, "x"), "1970-01-01 00:00:00 mpopd[1] error: x\n");
}

TEST(LogTest, Sanitize) {
  EXPECT_EQ(SanitizeForLog("user a\r\nb\x7f\t"), "user a??b??");
  EXPECT_EQ(SanitizeForLog("caf\xc3\xa9"), "caf\xc3\xa9");
}

TEST(LogTest, FileAppendsLines) {
  mpop::testing::ScopedTempDir dir;
  const std::string path = dir.File("log");
  mpop::testing::WriteFile(path, "old\n");
  Result<std::unique_ptr<Log>> log = OpenLog(path);
  ASSERT_TRUE(log.has_value());
  (*log)->Info("one");
  (*log)->Error("two\nthree");
  const std::string text = mpop::testing::ReadFile(path);
  EXPECT_TRUE(text.starts_with("old\n")) << text;
  const std::string pid = std::to_string(::getpid());
  EXPECT_NE(text.find(" mpopd[" + pid + "] info: one\n"), std::string::npos) << text;
  EXPECT_NE(text.find(" mpopd[" + pid + "] error: two?three\n"), std::string::npos) << text;
}

TEST(LogTest, Errors) {
  Result<std::unique_ptr<Log>> log = OpenLog("/nonexistent/dir/log");
  ASSERT_FALSE(log.has_value());
  EXPECT_EQ(log.error().message,
            "cannot open log file /nonexistent/dir/log: No such file or directory");
  EXPECT_TRUE(OpenLog("none").has_value());
  EXPECT_TRUE(OpenLog("syslog").has_value());
}

}  // namespace
}  // namespace mpop::server
