// A stop ends Connect() at once wherever it waits: a TCP connect nobody answers, a unix
// connect to a listener with a full backlog, a SOCKS5 proxy that never replies. Each case
// first shows that, without the stop, the same connect would wait for its time-out.

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>

#include "net/abort_signal.hpp"
#include "net/connect.hpp"
#include "net/listener.hpp"
#include "support/hanging_listener.hpp"
#include "support/temp_dir.hpp"

namespace mpop::net {
namespace {

using ::mpop::testing::HangingTcpPort;
using ::mpop::testing::HangingUnixSocket;
using ::mpop::testing::ScopedTempDir;
using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

// The stop comes this long after Connect() began; the connect must end soon after it.
constexpr milliseconds kStopAfter{200};
constexpr milliseconds kAllowed{1000};

ConnectOptions Direct(int port) {
  ConnectOptions options;
  options.host = "127.0.0.1";
  options.port = port;
  options.timeout = std::chrono::seconds(60);
  options.lookup_peer_name = false;
  return options;
}

struct Timed {
  Result<Connection> connection;
  Clock::duration took;
};

// Runs Connect(options) with options.abort from a source another thread triggers after
// kStopAfter.
Timed ConnectAndStop(ConnectOptions options) {
  Result<AbortSource> source = AbortSource::Create();
  EXPECT_TRUE(source.has_value());
  options.abort = source->signal();
  const auto start = Clock::now();
  std::thread stopper([&] {
    // Time is what is tested here: Connect must last until the abort (took >= kStopAfter)
    // and end within kAllowed of it, so the abort comes at a fixed moment.
    std::this_thread::sleep_for(kStopAfter);
    source->Trigger();
  });
  Result<Connection> connection = Connect(options);
  const auto took = Clock::now() - start;
  stopper.join();
  return {std::move(connection), took};
}

std::string Refused(int port, const std::string& reason) {
  return "cannot connect to 127.0.0.1, port " + std::to_string(port) + ": " + reason;
}

TEST(ConnectAbortTest, HangingTcpPortReallyHangs) {
  Result<HangingTcpPort> hanging = HangingTcpPort::Open();
  ASSERT_TRUE(hanging.has_value()) << hanging.error().message;
  ConnectOptions options = Direct(hanging->port());
  options.timeout = milliseconds(300);
  const auto start = Clock::now();
  Result<Connection> connection = Connect(options);
  ASSERT_FALSE(connection.has_value());
  EXPECT_EQ(connection.error(), Error::TempFail(Refused(hanging->port(), "Connection timed out")));
  EXPECT_GE(Clock::now() - start, milliseconds(300));
}

TEST(ConnectAbortTest, StopEndsATcpConnectAtOnce) {
  Result<HangingTcpPort> hanging = HangingTcpPort::Open();
  ASSERT_TRUE(hanging.has_value()) << hanging.error().message;
  Timed result = ConnectAndStop(Direct(hanging->port()));
  ASSERT_FALSE(result.connection.has_value());
  EXPECT_EQ(result.connection.error(),
            Error::TempFail(Refused(hanging->port(), "operation aborted")));
  EXPECT_GE(result.took, kStopAfter);
  EXPECT_LT(result.took, kStopAfter + kAllowed);
}

TEST(ConnectAbortTest, StopEndsATcpConnectToTheProxyAtOnce) {
  Result<HangingTcpPort> hanging = HangingTcpPort::Open();
  ASSERT_TRUE(hanging.has_value()) << hanging.error().message;
  ConnectOptions options = Direct(110);
  options.host = "pop.example.org";  // never resolved here: the proxy would do it
  options.proxy_host = "127.0.0.1";
  options.proxy_port = hanging->port();
  Timed result = ConnectAndStop(options);
  ASSERT_FALSE(result.connection.has_value());
  EXPECT_EQ(result.connection.error(),
            Error::TempFail(Refused(hanging->port(), "operation aborted")));
  EXPECT_LT(result.took, kStopAfter + kAllowed);
}

TEST(ConnectAbortTest, StopEndsASocksHandshakeAtOnce) {
  // Connects (the kernel completes the handshake into the backlog) but never answers.
  Result<Listener> silent = Listener::OpenLoopback();
  ASSERT_TRUE(silent.has_value()) << silent.error().message;
  ConnectOptions options = Direct(110);
  options.host = "pop.example.org";
  options.proxy_host = "127.0.0.1";
  options.proxy_port = silent->port();
  Timed result = ConnectAndStop(options);
  ASSERT_FALSE(result.connection.has_value());
  EXPECT_EQ(result.connection.error(),
            Error::IoErr("SOCKS proxy: network read error: operation aborted"));
  EXPECT_GE(result.took, kStopAfter);
  EXPECT_LT(result.took, kStopAfter + kAllowed);
}

TEST(ConnectAbortTest, HangingUnixSocketReallyHangs) {
  ScopedTempDir dir;
  const std::string path = dir.File("pop3.sock");
  Result<HangingUnixSocket> hanging = HangingUnixSocket::Open(path);
  ASSERT_TRUE(hanging.has_value()) << hanging.error().message;
  ConnectOptions options;
  options.socket_path = path;
  options.timeout = milliseconds(300);
  const auto start = Clock::now();
  Result<Connection> connection = Connect(options);
  ASSERT_FALSE(connection.has_value());
  EXPECT_EQ(connection.error(),
            Error::TempFail("cannot connect to " + path + ": Connection timed out"));
  EXPECT_GE(Clock::now() - start, milliseconds(300));
}

TEST(ConnectAbortTest, StopEndsAUnixConnectWithinASlice) {
  ScopedTempDir dir;
  const std::string path = dir.File("pop3.sock");
  Result<HangingUnixSocket> hanging = HangingUnixSocket::Open(path);
  ASSERT_TRUE(hanging.has_value()) << hanging.error().message;
  ConnectOptions options;
  options.socket_path = path;
  options.timeout = std::chrono::seconds(60);
  Timed result = ConnectAndStop(options);
  ASSERT_FALSE(result.connection.has_value());
  EXPECT_EQ(result.connection.error(),
            Error::TempFail("cannot connect to " + path + ": operation aborted"));
  EXPECT_GE(result.took, kStopAfter);
  EXPECT_LT(result.took, kStopAfter + kAllowed);
}

TEST(ConnectAbortTest, UntriggeredSourceConnectsAsUsual) {
  Result<Listener> listener = Listener::OpenLoopback();
  ASSERT_TRUE(listener.has_value()) << listener.error().message;
  Result<AbortSource> source = AbortSource::Create();
  ASSERT_TRUE(source.has_value());
  ConnectOptions options = Direct(listener->port());
  options.abort = source->signal();
  Result<Connection> connection = Connect(options);
  ASSERT_TRUE(connection.has_value()) << connection.error().message;
  EXPECT_EQ(connection->transport->abort(), source->signal());
}

}  // namespace
}  // namespace mpop::net
