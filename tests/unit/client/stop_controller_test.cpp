// StopController: a stop signal sent to the process (taken by the watcher thread) sets
// stopped() and wakes a connect blocked in another thread at once, through abort_signal().

#include "client/stop_controller.hpp"

#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "net/connect.hpp"
#include "support/hanging_listener.hpp"
#include "support/wait_until.hpp"

namespace mpop::client {
namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

// Waits (event-driven, at most 5 s) until the abort descriptor fires.
bool AbortFires(net::AbortSignal signal) {
  pollfd entry{signal.fd(), POLLIN, 0};
  return ::poll(&entry, 1, 5000) == 1;
}

TEST(StopControllerTest, RequestStopSetsTheFlagThenFiresTheAbortSignal) {
  StopController stop;
  EXPECT_FALSE(stop.stopped());
  EXPECT_FALSE(stop.abort_signal().aborted());
  stop.RequestStop();
  EXPECT_TRUE(stop.stopped());
  EXPECT_EQ(stop.signal_number(), 0);
  EXPECT_TRUE(stop.abort_signal().aborted());
}

TEST(StopControllerTest, EachStopSignalToTheProcessStops) {
  for (int signal_number : {SIGTERM, SIGINT, SIGHUP}) {
    SCOPED_TRACE(signal_number);
    StopController stop;
    ASSERT_GE(stop.abort_signal().fd(), 0);
    // Blocked in this thread, so the watcher takes it.
    ASSERT_EQ(::kill(::getpid(), signal_number), 0);
    ASSERT_TRUE(AbortFires(stop.abort_signal()));
    EXPECT_TRUE(stop.stopped());
    EXPECT_EQ(stop.signal_number(), signal_number);
  }
}

TEST(StopControllerTest, EndsPromptlyWithoutASignal) {
  const auto start = Clock::now();
  { StopController stop; }
  EXPECT_LT(Clock::now() - start, milliseconds(500));
}

TEST(StopControllerTest, SigtermEndsAConnectToAHostThatDoesNotAnswer) {
  Result<::mpop::testing::HangingTcpPort> hanging = ::mpop::testing::HangingTcpPort::Open();
  ASSERT_TRUE(hanging.has_value()) << hanging.error().message;
  StopController stop;
  net::ConnectOptions options;
  options.host = "127.0.0.1";
  options.port = hanging->port();
  options.timeout = std::chrono::seconds(60);
  options.lookup_peer_name = false;
  options.abort = stop.abort_signal();
  const auto start = Clock::now();
  std::thread sender([waiter = ::mpop::testing::ThisThreadId()] {
    ::mpop::testing::WaitUntil([&] { return ::mpop::testing::BlockedInKernel(waiter); });
    ::kill(::getpid(), SIGTERM);
  });
  Result<net::Connection> connection = net::Connect(options);
  sender.join();
  ASSERT_FALSE(connection.has_value());
  EXPECT_EQ(connection.error(),
            Error::TempFail("cannot connect to 127.0.0.1, port " + std::to_string(hanging->port()) +
                            ": operation aborted"));
  EXPECT_TRUE(stop.stopped());
  EXPECT_EQ(stop.signal_number(), SIGTERM);
  EXPECT_LT(Clock::now() - start, milliseconds(1200));
}

}  // namespace
}  // namespace mpop::client
