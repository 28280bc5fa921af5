#include "net/connect.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <string>

#include "support/temp_dir.hpp"
#include "unit/net/loopback_server.hpp"

namespace mpop::net {
namespace {

using std::chrono::milliseconds;
using testing::Echo;
using testing::RefusingPort;
using testing::TcpServer;
using testing::UnixServer;

ConnectOptions Options(std::string host, int port) {
  ConnectOptions options;
  options.host = std::move(host);
  options.port = port;
  options.timeout = milliseconds(5000);
  return options;
}

// Sends a line through the connection and expects it back from an echoing server.
void ExpectEcho(Connection& connection) {
  ASSERT_TRUE(connection.transport->WriteAll("CAPA\r\n"));
  ASSERT_TRUE(connection.transport->Shutdown());
  std::string received;
  char buffer[64];
  for (;;) {
    auto n = connection.transport->ReadSome(buffer);
    ASSERT_TRUE(n) << n.error().message;
    if (*n == 0) break;
    received.append(buffer, *n);
  }
  EXPECT_EQ(received, "CAPA\r\n");
}

TEST(ConnectTest, DirectTcpToIpv4Loopback) {
  TcpServer server(Echo);
  ASSERT_TRUE(server.ok()) << server.error();
  auto connection = Connect(Options("127.0.0.1", server.port()));
  ASSERT_TRUE(connection) << connection.error().message;
  ExpectEcho(*connection);
  ConnectionInfo expected;
  expected.peer_ip = "127.0.0.1";
  expected.peer_reverse_name = ::mpop::testing::LoopbackReverseName();
  EXPECT_EQ(connection->info, expected);
  EXPECT_EQ(connection->transport->timeout(), milliseconds(5000));
}

TEST(ConnectTest, DirectTcpByName) {
  TcpServer server(Echo);
  ASSERT_TRUE(server.ok()) << server.error();
  auto connection = Connect(Options("localhost", server.port()));
  ASSERT_TRUE(connection) << connection.error().message;
  ExpectEcho(*connection);
}

TEST(ConnectTest, SkipsTheReverseLookupWhenNotWanted) {
  TcpServer server(Echo);
  ASSERT_TRUE(server.ok()) << server.error();
  ConnectOptions options = Options("127.0.0.1", server.port());
  options.lookup_peer_name = false;
  auto connection = Connect(options);
  ASSERT_TRUE(connection) << connection.error().message;
  EXPECT_EQ(connection->info.peer_ip, "127.0.0.1");
  EXPECT_EQ(connection->info.peer_reverse_name, std::nullopt);
  ExpectEcho(*connection);
}

TEST(ConnectTest, DirectTcpToIpv6Loopback) {
  TcpServer server(Echo, "::1");
  if (!server.ok()) GTEST_SKIP() << "no IPv6 loopback: " << server.error();
  auto connection = Connect(Options("::1", server.port()));
  ASSERT_TRUE(connection) << connection.error().message;
  EXPECT_EQ(connection->info.peer_ip, "::1");
  ExpectEcho(*connection);
}

TEST(ConnectTest, RefusedConnectionIsATemporaryFailure) {
  RefusingPort refusing;
  auto connection = Connect(Options("127.0.0.1", refusing.port()));
  ASSERT_FALSE(connection);
  EXPECT_EQ(connection.error(),
            Error::TempFail("cannot connect to 127.0.0.1, port " + std::to_string(refusing.port()) +
                            ": Connection refused"));
}

TEST(ConnectTest, UnknownHostIsNoHost) {
  auto connection = Connect(Options("pop.example.invalid", 110));
  ASSERT_FALSE(connection);
  EXPECT_EQ(connection.error(),
            Error::NoHost("cannot locate host pop.example.invalid: Name or service not known"));
}

TEST(ConnectTest, SourceIpOnTheLoopbackIsBound) {
  TcpServer server([](UniqueFd fd) {
    // Tell the client which address it came from.
    sockaddr_in peer{};
    socklen_t length = sizeof peer;
    ::getpeername(fd.get(), reinterpret_cast<sockaddr*>(&peer), &length);
    char text[INET_ADDRSTRLEN] = "";
    ::inet_ntop(AF_INET, &peer.sin_addr, text, sizeof text);
    testing::WriteBytes(fd.get(), text);
  });
  ASSERT_TRUE(server.ok()) << server.error();
  ConnectOptions options = Options("127.0.0.1", server.port());
  options.source_ip = "127.0.0.2";  // all of 127/8 is local on Linux
  auto connection = Connect(options);
  if (!connection && connection.error().code == ExitCode::kOsErr) {
    options.source_ip = "127.0.0.1";  // a sandbox may own 127.0.0.1 only
    connection = Connect(options);
  }
  ASSERT_TRUE(connection) << connection.error().message;
  char buffer[64];
  auto n = connection->transport->ReadSome(buffer);
  ASSERT_TRUE(n) << n.error().message;
  EXPECT_EQ(std::string(buffer, *n), *options.source_ip);
}

TEST(ConnectTest, NonLocalSourceIpIsAnOsError) {
  RefusingPort refusing;  // bind() fails first: the connection is never attempted
  ConnectOptions options = Options("127.0.0.1", refusing.port());
  options.source_ip = "192.0.2.1";  // TEST-NET-1, never ours
  auto connection = Connect(options);
  ASSERT_FALSE(connection);
  EXPECT_EQ(connection.error(),
            Error::OsErr("cannot bind source IP 192.0.2.1: Cannot assign requested address"));
}

TEST(ConnectTest, SourceIpMustBeNumeric) {
  ConnectOptions options = Options("127.0.0.1", 110);
  options.source_ip = "localhost";
  auto connection = Connect(options);
  ASSERT_FALSE(connection);
  EXPECT_EQ(connection.error(),
            Error::OsErr("cannot bind source IP localhost: not a numeric IPv4 or IPv6 address"));
}

TEST(ConnectTest, SourceIpOfTheOtherFamilyFindsNoAddress) {
  ConnectOptions options = Options("127.0.0.1", 110);
  options.source_ip = "::1";
  auto connection = Connect(options);
  ASSERT_FALSE(connection);
  EXPECT_EQ(connection.error(),
            Error::OsErr("cannot bind source IP ::1: host 127.0.0.1 has no address of the "
                         "same IP version"));
}

TEST(ConnectTest, EmptySourceIpMeansUnset) {
  TcpServer server(Echo);
  ASSERT_TRUE(server.ok()) << server.error();
  ConnectOptions options = Options("127.0.0.1", server.port());
  options.source_ip = "";
  options.proxy_host = "";
  options.socket_path = "";
  auto connection = Connect(options);
  ASSERT_TRUE(connection) << connection.error().message;
  ExpectEcho(*connection);
}

TEST(ConnectTest, UnixSocketOverridesHostAndProxy) {
  mpop::testing::ScopedTempDir dir;
  const std::string path = dir.File("pop3.sock");
  UnixServer server(path, Echo);
  ConnectOptions options = Options("pop.example.invalid", 110);
  options.proxy_host = "proxy.example.invalid";
  options.socket_path = path;
  auto connection = Connect(options);
  ASSERT_TRUE(connection) << connection.error().message;
  ConnectionInfo expected;
  expected.unix_socket = true;
  EXPECT_EQ(connection->info, expected);
  EXPECT_EQ(connection->transport->timeout(), milliseconds(5000));
  ExpectEcho(*connection);
}

TEST(ConnectTest, MissingUnixSocketIsATemporaryFailure) {
  mpop::testing::ScopedTempDir dir;
  ConnectOptions options = Options("pop.example.invalid", 110);
  options.socket_path = dir.File("missing.sock");
  auto connection = Connect(options);
  ASSERT_FALSE(connection);
  EXPECT_EQ(connection.error(), Error::TempFail("cannot connect to " + *options.socket_path +
                                                ": No such file or directory"));
}

TEST(ConnectTest, OverlongUnixSocketNameIsRejected) {
  ConnectOptions options = Options("localhost", 110);
  options.socket_path = "/tmp/" + std::string(200, 's');
  auto connection = Connect(options);
  ASSERT_FALSE(connection);
  EXPECT_EQ(connection.error(),
            Error::TempFail("cannot connect to " + *options.socket_path + ": File name too long"));
}

}  // namespace
}  // namespace mpop::net
