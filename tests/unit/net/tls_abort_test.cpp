// A signal with the abort flag set (app/'s SIGINT/SIGTERM handling) ends a blocked TLS
// handshake or read with "operation aborted", as it does for plain connections.

#include <gtest/gtest.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

#include <csignal>

#include "support/periodic_signal.hpp"
#include "unit/net/tls_test_util.hpp"

namespace mpop::net::testing {
namespace {

using ::mpop::testing::PeriodicSignal;

class TlsAbortTest : public TlsTest {};

TEST_F(TlsAbortTest, SignalAbortsTheHandshake) {
  volatile std::sig_atomic_t abort_requested = 1;
  int fds[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
  UniqueFd silent_server(fds[1]);
  FdTransport client(UniqueFd(fds[0]), std::chrono::seconds(10), &abort_requested);
  PeriodicSignal signal;
  if (!signal.ok()) GTEST_SKIP() << "no per-thread timers here";
  auto tls = StartTls(*library_, client, TrustCa());
  ASSERT_FALSE(tls.has_value());
  EXPECT_EQ(tls.error(),
            Error::IoErr("TLS handshake failed: network read error: operation aborted"));
}

TEST_F(TlsAbortTest, SignalAbortsARead) {
  volatile std::sig_atomic_t abort_requested = 0;
  int fds[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
  FdTransport client(UniqueFd(fds[0]), std::chrono::seconds(10), &abort_requested);
  ServerThread server(UniqueFd(fds[1]), Server("server"), [](TlsServerEnd& end) {
    (void)end.Read();  // until the client goes away
  });
  auto tls = StartTls(*library_, client, TrustCa());
  ASSERT_TRUE(tls.has_value()) << tls.error().message;
  abort_requested = 1;
  PeriodicSignal signal;
  if (!signal.ok()) GTEST_SKIP() << "no per-thread timers here";
  char byte;
  auto n = (*tls)->ReadSome({&byte, 1});
  ASSERT_FALSE(n.has_value());
  EXPECT_EQ(n.error(), Error::IoErr("network read error: operation aborted"));
  auto ready = (*tls)->Wait(false);
  ASSERT_FALSE(ready.has_value());
  EXPECT_EQ(ready.error(), Error::IoErr("network read error: operation aborted"));
}

}  // namespace
}  // namespace mpop::net::testing
