// A fired abort signal (the StopController's, or mpopd's) ends a blocked TLS handshake or
// read with "operation aborted", as it does for plain connections, even when no signal
// interrupts the waiting thread.

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <optional>
#include <thread>

#include "net/abort_signal.hpp"
#include "support/wait_until.hpp"
#include "unit/net/tls_test_util.hpp"

namespace mpop::net::testing {
namespace {

class TlsAbortTest : public TlsTest {
 protected:
  void SetUp() override {
    TlsTest::SetUp();
    Result<AbortSource> source = AbortSource::Create();
    ASSERT_TRUE(source.has_value()) << source.error().message;
    source_.emplace(std::move(*source));
  }
  // Triggers the source from another thread once this one waits.
  std::thread TriggerSoon() {
    return std::thread([this, waiter = ::mpop::testing::ThisThreadId()] {
      ::mpop::testing::WaitUntil([&] { return ::mpop::testing::BlockedInKernel(waiter); });
      source_->Trigger();
    });
  }

  std::optional<AbortSource> source_;
};

TEST_F(TlsAbortTest, AbortFromAnotherThreadEndsTheHandshake) {
  int fds[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
  UniqueFd silent_server(fds[1]);
  FdTransport client(UniqueFd(fds[0]), std::chrono::seconds(10), source_->signal());
  const auto start = std::chrono::steady_clock::now();
  std::thread stopper = TriggerSoon();
  auto tls = StartTls(*library_, client, TrustCa());
  stopper.join();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  ASSERT_FALSE(tls.has_value());
  EXPECT_EQ(tls.error(),
            Error::IoErr("TLS handshake failed: network read error: operation aborted"));
}

TEST_F(TlsAbortTest, AbortFromAnotherThreadEndsAReadAndWait) {
  int fds[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
  FdTransport client(UniqueFd(fds[0]), std::chrono::seconds(10), source_->signal());
  ServerThread server(UniqueFd(fds[1]), Server("server"), [](TlsServerEnd& end) {
    (void)end.Read();  // until the client goes away
  });
  auto tls = StartTls(*library_, client, TrustCa());
  ASSERT_TRUE(tls.has_value()) << tls.error().message;
  const auto start = std::chrono::steady_clock::now();
  std::thread stopper = TriggerSoon();
  char byte;
  auto n = (*tls)->ReadSome({&byte, 1});
  stopper.join();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  ASSERT_FALSE(n.has_value());
  EXPECT_EQ(n.error(), Error::IoErr("network read error: operation aborted"));
  auto ready = (*tls)->Wait(false);
  ASSERT_FALSE(ready.has_value());
  EXPECT_EQ(ready.error(), Error::IoErr("network read error: operation aborted"));
}

}  // namespace
}  // namespace mpop::net::testing
