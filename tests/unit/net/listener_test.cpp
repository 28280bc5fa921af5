#include "net/listener.hpp"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <string>

#include "net/connect.hpp"

namespace mpop::net {
namespace {

using std::chrono::milliseconds;

Result<Connection> ConnectTo(const std::string& host, int port) {
  ConnectOptions options;
  options.host = host;
  options.port = port;
  options.timeout = milliseconds(5000);
  options.lookup_peer_name = false;
  return Connect(options);
}

TEST(ListenerTest, LoopbackListenerAcceptsWithThePeerAddress) {
  auto listener = Listener::OpenLoopback();
  ASSERT_TRUE(listener) << listener.error().message;
  ASSERT_GT(listener->port(), 0);
  auto client = ConnectTo("127.0.0.1", listener->port());
  ASSERT_TRUE(client) << client.error().message;

  auto accepted = listener->Accept(milliseconds(5000));
  ASSERT_TRUE(accepted) << accepted.error().message;
  ASSERT_TRUE(accepted->has_value());
  EXPECT_EQ((*accepted)->peer.ip, "127.0.0.1");
  sockaddr_in local{};
  socklen_t length = sizeof local;
  ::getsockname(client->transport->fd(), reinterpret_cast<sockaddr*>(&local), &length);
  EXPECT_EQ((*accepted)->peer.port, ntohs(local.sin_port));

  ASSERT_TRUE(client->transport->WriteAll("+OK"));
  char buffer[8];
  EXPECT_EQ(::recv((*accepted)->fd.get(), buffer, sizeof buffer, 0), 3);
}

TEST(ListenerTest, ListensOnIpv6Loopback) {
  auto listener = Listener::Open("::1", 0);
  if (!listener) GTEST_SKIP() << "no IPv6 loopback: " << listener.error().message;
  auto client = ConnectTo("::1", listener->port());
  ASSERT_TRUE(client) << client.error().message;
  auto accepted = listener->Accept(milliseconds(5000));
  ASSERT_TRUE(accepted && *accepted);
  EXPECT_EQ((*accepted)->peer.ip, "::1");
}

TEST(ListenerTest, AcceptReturnsNothingAfterTheTimeout) {
  auto listener = Listener::OpenLoopback();
  ASSERT_TRUE(listener) << listener.error().message;
  auto accepted = listener->Accept(milliseconds(20));
  ASSERT_TRUE(accepted) << accepted.error().message;
  EXPECT_FALSE(accepted->has_value());
}

TEST(ListenerTest, RejectsANonNumericAddress) {
  auto listener = Listener::Open("localhost", 0);
  ASSERT_FALSE(listener);
  EXPECT_EQ(listener.error(),
            Error::Usage("invalid listening address localhost: not a numeric IPv4 or IPv6 "
                         "address"));
}

TEST(ListenerTest, ReportsAPortInUse) {
  auto first = Listener::OpenLoopback();
  ASSERT_TRUE(first) << first.error().message;
  auto second = Listener::Open("127.0.0.1", first->port());
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error(),
            Error::OsErr("cannot listen on 127.0.0.1 port " + std::to_string(first->port()) +
                         ": Address already in use"));
}

}  // namespace
}  // namespace mpop::net
