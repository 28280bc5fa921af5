// `poll_interval` and `--poll`: the duration's syntax and limits, the option's errors, and
// --poll as a mode that excludes the others.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "config/command_line.hpp"
#include "config/values.hpp"

namespace mpop::config {
namespace {

Result<CommandLine> Parse(std::vector<std::string> args) {
  std::vector<char*> argv = {const_cast<char*>("mpop")};
  for (std::string& arg : args) argv.push_back(arg.data());
  const int argc = static_cast<int>(argv.size());
  argv.push_back(nullptr);
  return ParseCommandLine(argc, argv.data());
}

TEST(PollOptionsTest, PollIntervalIsADurationOfAtLeastOneSecond) {
  EXPECT_EQ(ParsePollInterval("15m").value(), 900);
  EXPECT_EQ(ParsePollInterval("1h 30m").value(), 5400);
  EXPECT_EQ(ParsePollInterval("2s").value(), 2);
  for (const char* bad : {"0s", "", "15", "m", "1x", "-1s"}) {
    SCOPED_TRACE(bad);
    Result<std::int64_t> parsed = ParsePollInterval(bad);
    ASSERT_FALSE(parsed);
    EXPECT_EQ(parsed.error().message, std::string("invalid poll interval ") + bad);
  }
}

TEST(PollOptionsTest, PollIntervalOptionOverridesAndExplainsItsErrors) {
  Result<CommandLine> cl = Parse({"--poll", "--poll-interval=90s", "isp"});
  ASSERT_TRUE(cl) << cl.error().message;
  EXPECT_TRUE(cl->poll);
  EXPECT_EQ(cl->overrides.poll_interval_seconds, 90);
  EXPECT_TRUE(cl->overrides.IsSet(&Account::poll_interval_seconds));
  EXPECT_EQ(cl->accounts, std::vector<std::string>{"isp"});
  Result<CommandLine> bad = Parse({"--poll-interval=0s"});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message,
            "invalid argument 0s for --poll-interval; --poll-interval takes a duration such as "
            "15m, 1h30m or 90s");
}

TEST(PollOptionsTest, PollIsAModeOfItsOwn) {
  Result<CommandLine> both = Parse({"--serverinfo", "--poll"});
  ASSERT_FALSE(both);
  EXPECT_EQ(both.error().message, "cannot use both --serverinfo and --poll");
  Result<CommandLine> accept_new = Parse({"--poll", "--accept-new"});
  ASSERT_FALSE(accept_new);
  EXPECT_EQ(accept_new.error().message, "cannot use both --accept-new and --poll");
  Result<CommandLine> all = Parse({"--poll", "-a"});
  ASSERT_TRUE(all) << all.error().message;
  EXPECT_TRUE(all->all_accounts);
}

}  // namespace
}  // namespace mpop::config
