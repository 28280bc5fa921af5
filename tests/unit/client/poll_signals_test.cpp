// StopController in poll mode: SIGHUP and SIGUSR1 wake WaitForRequest() as a reload and a
// poll-now request and never stop or abort anything; SIGTERM and SIGINT still stop.

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>

#include "client/stop_controller.hpp"

namespace mpop::client {
namespace {

using Clock = std::chrono::steady_clock;

Clock::time_point Soon() { return Clock::now() + std::chrono::seconds(10); }

TEST(PollSignalsTest, SighupAsksToReloadAndStopsNothing) {
  StopController stop(SignalMode::kPoll);
  ASSERT_EQ(::kill(::getpid(), SIGHUP), 0);
  const SignalRequests requests = stop.WaitForRequest(Soon());
  EXPECT_TRUE(requests.reload);
  EXPECT_FALSE(requests.poll_now);
  EXPECT_FALSE(requests.stop);
  EXPECT_FALSE(stop.stopped());
  EXPECT_FALSE(stop.abort_signal().aborted());
}

TEST(PollSignalsTest, Sigusr1AsksToPollNowOnce) {
  StopController stop(SignalMode::kPoll);
  ASSERT_EQ(::kill(::getpid(), SIGUSR1), 0);
  EXPECT_TRUE(stop.WaitForRequest(Soon()).poll_now);
  // Taken: the next wait runs to its deadline.
  const SignalRequests none = stop.WaitForRequest(Clock::now() + std::chrono::milliseconds(20));
  EXPECT_FALSE(none.poll_now || none.reload || none.stop);
  EXPECT_FALSE(stop.stopped());
}

TEST(PollSignalsTest, SigtermAndSigintStillStop) {
  for (int signal_number : {SIGTERM, SIGINT}) {
    SCOPED_TRACE(signal_number);
    StopController stop(SignalMode::kPoll);
    ASSERT_EQ(::kill(::getpid(), signal_number), 0);
    EXPECT_TRUE(stop.WaitForRequest(Soon()).stop);
    EXPECT_TRUE(stop.stopped());
    EXPECT_EQ(stop.signal_number(), signal_number);
    EXPECT_TRUE(stop.abort_signal().aborted());
    // A stop stays pending.
    EXPECT_TRUE(stop.WaitForRequest(Soon()).stop);
  }
}

TEST(PollSignalsTest, ASignalAtTheVeryEndDoesNotKillTheProcess) {
  // Sent just before the controller goes: whether its watcher or its destructor takes
  // them, they must not reach their default action (termination) once unblocked.
  for (int i = 0; i < 50; ++i) {
    StopController stop(SignalMode::kPoll);
    ASSERT_EQ(::kill(::getpid(), SIGUSR1), 0);
    ASSERT_EQ(::kill(::getpid(), SIGHUP), 0);
  }
  SUCCEED() << "still alive";
}

}  // namespace
}  // namespace mpop::client
