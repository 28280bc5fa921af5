// The time limit of a Subprocess (util/subprocess.hpp): a command that takes no input, or
// does not end once its input is complete, is killed with its process group, and the
// call fails with EX_TEMPFAIL; waits follow the command's exit, not a pipe's EOF.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <string>

#include "support/temp_dir.hpp"
#include "support/wait_until.hpp"
#include "util/subprocess.hpp"

namespace mpop {
namespace {

using std::chrono::milliseconds;

constexpr SubprocessOptions kShortLimit{.idle_limit = milliseconds(300),
                                        .kill_grace = milliseconds(300)};
// Long enough for a shell to start its helpers on a loaded machine, short enough for a test.
constexpr SubprocessOptions kTwoSeconds{.idle_limit = milliseconds(2000),
                                        .kill_grace = milliseconds(300)};
// A limit that a command which works is never near.
constexpr SubprocessOptions kGenerous{.idle_limit = milliseconds(30000),
                                      .kill_grace = milliseconds(300)};

// Whether process `pid` still runs: it exists and is not a zombie waiting for whoever
// inherited it to reap it.
bool Alive(pid_t pid) {
  const std::string stat = testing::ReadFile("/proc/" + std::to_string(pid) + "/stat");
  const std::size_t paren = stat.rfind(')');
  return paren != std::string::npos && paren + 2 < stat.size() && stat[paren + 2] != 'Z';
}

TEST(SubprocessLimitTest, ACommandThatTakesNoInputIsKilled) {
  testing::ScopedTempDir dir;
  const std::string pid_file = dir.File("pid");
  // The helper in the background stands for what an MDA starts; it must die too.
  auto process = Subprocess::Start("sleep 60 & echo $! > " + pid_file + "; wait", kTwoSeconds);
  ASSERT_TRUE(process.has_value()) << process.error().message;
  const auto start = std::chrono::steady_clock::now();
  Result<bool> written = process->Write(std::string(1 << 20, 'x'));  // more than a pipe
  ASSERT_FALSE(written.has_value());
  EXPECT_GE(std::chrono::steady_clock::now() - start, milliseconds(2000));
  EXPECT_EQ(written.error().code, ExitCode::kTempFail);
  EXPECT_EQ(written.error().message,
            "the command took no input for 2 seconds; killed it and its process group");
  const pid_t helper = std::stoi(testing::ReadFile(pid_file));
  EXPECT_TRUE(testing::WaitUntil([&] { return !Alive(helper); }));
}

TEST(SubprocessLimitTest, ACommandThatDoesNotEndIsKilled) {
  auto process = Subprocess::Start("cat > /dev/null; sleep 60", kShortLimit);
  ASSERT_TRUE(process.has_value());
  ASSERT_TRUE(process->Write("all of it\n").value());
  Result<ExitStatus> status = process->Wait();
  ASSERT_FALSE(status.has_value());
  EXPECT_EQ(status.error().code, ExitCode::kTempFail);
  EXPECT_EQ(status.error().message,
            "the command did not end within 300 ms after its input was complete; killed it "
            "and its process group");
}

TEST(SubprocessLimitTest, ACommandThatIgnoresSigtermIsKilledAfterTheGrace) {
  auto process = Subprocess::Start("trap '' TERM; cat > /dev/null; sleep 60", kShortLimit);
  ASSERT_TRUE(process.has_value());
  const pid_t pid = process->pid();
  Result<ExitStatus> status = process->Wait();
  ASSERT_FALSE(status.has_value());
  EXPECT_TRUE(testing::WaitUntil([&] { return !Alive(pid); }));
}

TEST(SubprocessLimitTest, TheWaitFollowsTheCommandNotAGrandchildHoldingThePipe) {
  // The background sleep keeps the command's standard input open after the shell ends.
  auto process = Subprocess::Start("cat > /dev/null; sleep 60 <&0 & exit 3", kGenerous);
  ASSERT_TRUE(process.has_value());
  Result<ExitStatus> status = process->Wait();
  ASSERT_TRUE(status.has_value()) << status.error().message;
  EXPECT_EQ(status->code, 3);
}

TEST(SubprocessLimitTest, WithoutALimitASlowCommandIsWaitedFor) {
  auto process = Subprocess::Start("cat > /dev/null; sleep 0.5; exit 4");
  ASSERT_TRUE(process.has_value());
  ASSERT_TRUE(process->Write(std::string(1 << 20, 'x')).value());
  Result<ExitStatus> status = process->Wait();
  ASSERT_TRUE(status.has_value()) << status.error().message;
  EXPECT_EQ(status->code, 4);
}

}  // namespace
}  // namespace mpop
