// AbortSource/AbortSignal and PollFd: a triggered source ends waits at once, in this thread
// or another, from a signal handler too; an untriggered one changes nothing.

#include "net/abort_signal.hpp"

#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>

#include <chrono>
#include <thread>

#include "net/poll_fd.hpp"
#include "support/periodic_signal.hpp"
#include "support/wait_until.hpp"
#include "util/unique_fd.hpp"

namespace mpop::net {
namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

struct SocketPair {
  SocketPair() {
    int fds[2];
    EXPECT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), 0);
    ours = UniqueFd(fds[0]);
    theirs = UniqueFd(fds[1]);
  }
  UniqueFd ours;
  UniqueFd theirs;
};

AbortSource MakeSource() {
  Result<AbortSource> source = AbortSource::Create();
  EXPECT_TRUE(source.has_value()) << source.error().message;
  return std::move(*source);
}

TEST(AbortSignalTest, DefaultSignalNeverAborts) {
  const AbortSignal never;
  EXPECT_EQ(never.fd(), -1);
  EXPECT_FALSE(never.aborted());
}

TEST(AbortSignalTest, TriggerIsSeenByEveryCopyAndStays) {
  const AbortSource source = MakeSource();
  const AbortSignal signal = source.signal();
  const AbortSignal copy = signal;
  EXPECT_GE(signal.fd(), 0);
  EXPECT_FALSE(signal.aborted());
  source.Trigger();
  EXPECT_TRUE(signal.aborted());
  EXPECT_TRUE(copy.aborted());
  source.Trigger();  // idempotent
  EXPECT_TRUE(source.signal().aborted());
  EXPECT_TRUE(signal.aborted());  // looking does not consume it
}

TEST(AbortSignalTest, SourcesAreIndependent) {
  const AbortSource first = MakeSource();
  const AbortSource second = MakeSource();
  first.Trigger();
  EXPECT_TRUE(first.signal().aborted());
  EXPECT_FALSE(second.signal().aborted());
}

const AbortSource* handler_source = nullptr;
extern "C" void TriggerFromHandler(int) { handler_source->Trigger(); }

TEST(AbortSignalTest, TriggerFromASignalHandlerKeepsErrno) {
  const AbortSource source = MakeSource();
  handler_source = &source;
  struct sigaction action {
  }, old{};
  action.sa_handler = TriggerFromHandler;
  ::sigemptyset(&action.sa_mask);
  ::sigaction(SIGUSR2, &action, &old);
  errno = ERANGE;
  ::raise(SIGUSR2);  // runs the handler before raise() returns
  const int errno_after = errno;
  ::sigaction(SIGUSR2, &old, nullptr);
  handler_source = nullptr;
  EXPECT_TRUE(source.signal().aborted());
  EXPECT_EQ(errno_after, ERANGE);
}

TEST(PollFdTest, TriggeredSourceAbortsAtOnceWithoutATimeout) {
  const AbortSource source = MakeSource();
  SocketPair pair;
  source.Trigger();
  const auto start = Clock::now();
  PollOutcome outcome = PollFd(pair.ours.get(), POLLIN, std::nullopt, source.signal());
  EXPECT_EQ(outcome.status, PollStatus::kAborted);
  EXPECT_LT(Clock::now() - start, milliseconds(500));
}

TEST(PollFdTest, AbortWinsOverAReadyDescriptor) {
  const AbortSource source = MakeSource();
  SocketPair pair;
  ASSERT_EQ(::send(pair.theirs.get(), "x", 1, 0), 1);
  EXPECT_EQ(PollFd(pair.ours.get(), POLLIN, milliseconds(1000), source.signal()).status,
            PollStatus::kReady);
  source.Trigger();
  EXPECT_EQ(PollFd(pair.ours.get(), POLLIN, milliseconds(1000), source.signal()).status,
            PollStatus::kAborted);
}

TEST(PollFdTest, UntriggeredSourceLeavesReadyAndTimedOutAlone) {
  const AbortSource source = MakeSource();
  SocketPair pair;
  const auto start = Clock::now();
  EXPECT_EQ(PollFd(pair.ours.get(), POLLIN, milliseconds(50), source.signal()).status,
            PollStatus::kTimedOut);
  EXPECT_GE(Clock::now() - start, milliseconds(50));
  ASSERT_EQ(::send(pair.theirs.get(), "x", 1, 0), 1);
  PollOutcome ready = PollFd(pair.ours.get(), POLLIN, milliseconds(50), source.signal());
  EXPECT_EQ(ready.status, PollStatus::kReady);
  EXPECT_NE(ready.revents & POLLIN, 0);
}

TEST(PollFdTest, TriggerFromAnotherThreadWakesAWaitForever) {
  const AbortSource source = MakeSource();
  SocketPair pair;
  const auto start = Clock::now();
  const pid_t waiter = ::mpop::testing::ThisThreadId();
  std::thread stopper([&] {
    // Let the wait begin; not needed to pass.
    ::mpop::testing::WaitUntil([&] { return ::mpop::testing::BlockedInKernel(waiter); });
    source.Trigger();
  });
  PollOutcome outcome = PollFd(pair.ours.get(), POLLIN, std::nullopt, source.signal());
  stopper.join();
  EXPECT_EQ(outcome.status, PollStatus::kAborted);
  EXPECT_LT(Clock::now() - start, milliseconds(1000));
}

TEST(PollFdTest, SignalsAloneNeitherAbortNorShortenTheTimeout) {
  const AbortSource source = MakeSource();
  SocketPair pair;
  ::mpop::testing::PeriodicSignal interruptions;  // EINTR every 10 ms in this thread
  if (!interruptions.ok()) GTEST_SKIP() << "no per-thread timers here";
  const auto start = Clock::now();
  EXPECT_EQ(PollFd(pair.ours.get(), POLLIN, milliseconds(100), source.signal()).status,
            PollStatus::kTimedOut);
  EXPECT_GE(Clock::now() - start, milliseconds(100));
}

}  // namespace
}  // namespace mpop::net
