#include "net/socks5.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <future>
#include <string>
#include <thread>

#include "net/connect.hpp"
#include "support/wait_until.hpp"
#include "unit/net/loopback_server.hpp"

namespace mpop::net {
namespace {

using std::chrono::milliseconds;
using namespace std::string_literals;
using testing::ReadBytes;
using testing::TcpServer;
using testing::WriteBytes;

// An in-memory proxy: serves `input` at most `chunk` bytes per read and records writes.
class ScriptedTransport : public Transport {
 public:
  ScriptedTransport(std::string input, std::size_t chunk)
      : input_(std::move(input)), chunk_(chunk) {}

  Result<std::size_t> ReadSome(std::span<char> buffer) override {
    std::size_t n = std::min({chunk_, buffer.size(), input_.size() - position_});
    std::copy_n(input_.data() + position_, n, buffer.data());
    position_ += n;
    return n;
  }
  Result<std::size_t> WriteSome(std::string_view bytes) override {
    std::size_t n = std::min(chunk_, bytes.size());
    written_.append(bytes.substr(0, n));
    return n;
  }
  Result<Readiness> Wait(bool want_write) override { return Readiness{true, want_write}; }

  const std::string& written() const { return written_; }
  std::string unread() const { return input_.substr(position_); }

 private:
  std::string input_;
  std::size_t chunk_;
  std::size_t position_ = 0;
  std::string written_;
};

const std::string kGreeting = "\x05\x01\x00"s;
const std::string kNoAuth = "\x05\x00"s;
const std::string kExampleRequest = "\x05\x01\x00\x03\x13pop.example.invalid\x00\x6e"s;

TEST(FormatSocks5RequestTest, EncodesTheTarget) {
  struct Case {
    std::string host;
    int port;
    std::string request;
  };
  const Case cases[] = {
      {"pop.example.invalid", 110, kExampleRequest},
      {"192.0.2.7", 995, "\x05\x01\x00\x01\xc0\x00\x02\x07\x03\xe3"s},
      {"2001:db8::1", 110, "\x05\x01\x00\x04\x20\x01\x0d\xb8\0\0\0\0\0\0\0\0\0\0\0\x01\x00\x6e"s},
      {"bücher.example", 65535, "\x05\x01\x00\x03\x15xn--bcher-kva.example\xff\xff"s},
      {std::string(255, 'a'), 1, "\x05\x01\x00\x03\xff"s + std::string(255, 'a') + "\x00\x01"s},
  };
  for (const Case& c : cases) {
    auto request = FormatSocks5Request(c.host, c.port);
    ASSERT_TRUE(request) << c.host << ": " << request.error().message;
    EXPECT_EQ(*request, c.request) << c.host;
  }
}

TEST(FormatSocks5RequestTest, RejectsNamesTheProtocolCannotCarry) {
  const std::string long_name(256, 'a');
  auto request = FormatSocks5Request(long_name, 110);
  ASSERT_FALSE(request);
  EXPECT_EQ(request.error(), Error::Unavailable("SOCKS proxy: host name " + long_name +
                                                " is longer than 255 bytes"));
  request = FormatSocks5Request("", 110);
  ASSERT_FALSE(request);
  EXPECT_EQ(request.error(), Error::Unavailable("SOCKS proxy: empty host name"));
}

TEST(Socks5ReplyErrorTest, NamesEveryCode) {
  const std::pair<unsigned char, std::string> cases[] = {
      {0x01, "SOCKS proxy: general server failure"},
      {0x02, "SOCKS proxy: connection not allowed by ruleset"},
      {0x03, "SOCKS proxy: network unreachable"},
      {0x04, "SOCKS proxy: host unreachable"},
      {0x05, "SOCKS proxy: connection refused by destination host"},
      {0x06, "SOCKS proxy: TTL expired"},
      {0x07, "SOCKS proxy: command not supported"},
      {0x08, "SOCKS proxy: address type not supported"},
      {0x09, "SOCKS proxy: unknown error (reply code 0x09)"},
      {0xF0, "SOCKS proxy: onion service descriptor cannot be found"},
      {0xF6, "SOCKS proxy: onion service invalid address"},
      {0xFF, "SOCKS proxy: unknown error (reply code 0xFF)"},
  };
  for (const auto& [code, message] : cases) EXPECT_EQ(Socks5ReplyError(code), message);
}

// Every reply, fed 1, 2, 3 bytes at a time and whole, is consumed exactly: the POP3
// greeting behind it stays unread.
TEST(Socks5HandshakeTest, ConsumesExactlyTheRepliesInTrickles) {
  const std::string replies[] = {
      "\x05\x00\x00\x01\x7f\x00\x00\x01\x04\x38"s,
      "\x05\x00\x00\x04"s + std::string(16, '\0') + "\x04\x38"s,
      "\x05\x00\x00\x03\x09localhost\x04\x38"s,
      "\x05\x00\x00\x03\x00\x04\x38"s,
  };
  for (const std::string& reply : replies) {
    for (std::size_t chunk : {1, 2, 3, 1000}) {
      ScriptedTransport proxy(kNoAuth + reply + "+OK ready\r\n", chunk);
      auto status = Socks5Handshake(proxy, "pop.example.invalid", 110);
      ASSERT_TRUE(status) << status.error().message;
      EXPECT_EQ(proxy.written(), kGreeting + kExampleRequest) << chunk;
      EXPECT_EQ(proxy.unread(), "+OK ready\r\n") << chunk;
    }
  }
}

TEST(Socks5HandshakeTest, ReportsRefusalsAndBadReplies) {
  struct Case {
    std::string input;
    Error error;
  };
  const Case cases[] = {
      {"\x05\xff"s,
       Error::Unavailable("SOCKS proxy: the proxy requires authentication, which is not "
                          "supported")},
      {"\x05\x02"s, Error::Unavailable("SOCKS proxy: the proxy chose an unsupported method")},
      {"HTTP/1.1 400 Bad Request\r\n"s,
       Error::Unavailable("SOCKS proxy: invalid reply (not SOCKS version 5)")},
      {kNoAuth + "\x04\x00\x00\x01"s,
       Error::Unavailable("SOCKS proxy: invalid reply (not SOCKS version 5)")},
      {kNoAuth + "\x05\x00\x00\x02"s,
       Error::Unavailable("SOCKS proxy: invalid reply (unknown address type)")},
      {kNoAuth + "\x05\x04\x00\x01\0\0\0\0\0\0"s,
       Error::Unavailable("SOCKS proxy: host unreachable")},
      {"\x05"s, Error::Unavailable("SOCKS proxy: the proxy closed the connection unexpectedly")},
      {kNoAuth + "\x05\x00\x00\x01\x7f"s,
       Error::Unavailable("SOCKS proxy: the proxy closed the connection unexpectedly")},
  };
  for (const Case& c : cases) {
    for (std::size_t chunk : {1, 2, 3, 1000}) {
      ScriptedTransport proxy(c.input, chunk);
      auto status = Socks5Handshake(proxy, "pop.example.invalid", 110);
      ASSERT_FALSE(status) << chunk;
      EXPECT_EQ(status.error(), c.error) << chunk;
    }
  }
}

// A SOCKS5 proxy in a thread: answers the greeting with kNoAuth, hands the CONNECT
// request to the test, answers it with `reply` and then echoes like a server would.
class FakeProxy {
 public:
  explicit FakeProxy(std::string reply)
      : server_([this, reply](UniqueFd fd) { Serve(std::move(fd), reply); }) {}

  int port() const { return server_.port(); }
  // The greeting and request bytes the client sent, once the request has come.
  std::string Received() { return received_.get_future().get(); }

 private:
  void Serve(UniqueFd fd, const std::string& reply) {
    std::string bytes = ReadBytes(fd.get(), 3);  // VER NMETHODS METHOD
    WriteBytes(fd.get(), kNoAuth);
    bytes += ReadBytes(fd.get(), 4);  // VER CMD RSV ATYP
    std::size_t length = 0;
    if (bytes.size() == 7 && bytes[6] == 3) {
      bytes += ReadBytes(fd.get(), 1);
      length = static_cast<unsigned char>(bytes.back());
    } else if (bytes.size() == 7) {
      length = bytes[6] == 1 ? 4 : 16;
    }
    bytes += ReadBytes(fd.get(), length + 2);
    received_.set_value(bytes);
    WriteBytes(fd.get(), reply);
    if (reply[1] == 0) testing::Echo(std::move(fd));
  }

  std::promise<std::string> received_;
  TcpServer server_;  // last: its thread uses the members above
};

ConnectOptions ProxyOptions(int proxy_port) {
  ConnectOptions options;
  options.host = "pop.example.invalid";  // resolving it locally would fail: proves we don't
  options.port = 110;
  options.proxy_host = "127.0.0.1";
  options.proxy_port = proxy_port;
  options.timeout = milliseconds(5000);
  return options;
}

TEST(Socks5ConnectTest, ProxyResolvesTheName) {
  FakeProxy proxy("\x05\x00\x00\x01\x7f\x00\x00\x01\x00\x6e"s);
  auto connection = Connect(ProxyOptions(proxy.port()));
  ASSERT_TRUE(connection) << connection.error().message;
  EXPECT_EQ(proxy.Received(), kGreeting + kExampleRequest);
  ConnectionInfo expected;
  expected.via_proxy = true;
  EXPECT_EQ(connection->info, expected);
  ASSERT_TRUE(connection->transport->WriteAll("CAPA\r\n"));
  char buffer[16];
  auto n = connection->transport->ReadSome(buffer);
  ASSERT_TRUE(n) << n.error().message;
  EXPECT_EQ(std::string(buffer, *n), "CAPA\r\n");
}

TEST(Socks5ConnectTest, EveryFailureCodeIsUnavailable) {
  for (unsigned char code = 1; code <= 9; ++code) {
    FakeProxy proxy("\x05"s + static_cast<char>(code) + "\x00\x01\0\0\0\0\0\0"s);
    auto connection = Connect(ProxyOptions(proxy.port()));
    ASSERT_FALSE(connection);
    EXPECT_EQ(connection.error(), Error::Unavailable(Socks5ReplyError(code)));
  }
}

TEST(Socks5ConnectTest, UnreachableProxyIsATemporaryFailure) {
  testing::RefusingPort refusing;
  auto connection = Connect(ProxyOptions(refusing.port()));
  ASSERT_FALSE(connection);
  EXPECT_EQ(connection.error(),
            Error::TempFail("cannot connect to 127.0.0.1, port " + std::to_string(refusing.port()) +
                            ": Connection refused"));
}

TEST(Socks5ConnectTest, SilentProxyTimesOut) {
  TcpServer silent(testing::Silent);
  ASSERT_TRUE(silent.ok()) << silent.error();
  ConnectOptions options = ProxyOptions(silent.port());
  options.timeout = milliseconds(50);
  auto connection = Connect(options);
  ASSERT_FALSE(connection);
  EXPECT_EQ(connection.error(),
            Error::IoErr("SOCKS proxy: network read error: the operation timed out"));
}

// Starts the real microsocks on 127.0.0.1 and stops it (by its pid) when destroyed.
class Microsocks {
 public:
  static constexpr const char* kBinary = "/usr/bin/microsocks";

  // Picks a free port (bind to port 0, read it, close) and starts microsocks on it;
  // another process may grab the port meanwhile, so collisions are retried.
  bool Start() {
    for (int attempt = 0; attempt < 5; ++attempt) {
      {
        auto probe = Listener::OpenLoopback();
        if (!probe) return false;
        port_ = probe->port();
      }  // closed: the port is free for microsocks
      if (Spawn() && WaitUntilListening()) return true;
      Stop();
    }
    return false;
  }
  ~Microsocks() { Stop(); }
  int port() const { return port_; }

 private:
  bool Spawn() {
    const std::string port = std::to_string(port_);
    const char* argv[] = {kBinary, "-i", "127.0.0.1", "-p", port.c_str(), nullptr};
    posix_spawn_file_actions_t actions;
    ::posix_spawn_file_actions_init(&actions);
    ::posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    ::posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    int rc = ::posix_spawn(&pid_, kBinary, &actions, nullptr, const_cast<char**>(argv), environ);
    ::posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) pid_ = -1;
    return rc == 0;
  }

  // Polls for the listening socket (a condition with a deadline, not a fixed sleep); gives
  // up early if microsocks exited, e.g. because the port was taken.
  bool WaitUntilListening() {
    bool exited = false;
    const bool listening = ::mpop::testing::WaitUntil(
        [&] {
          exited = ::waitpid(pid_, nullptr, WNOHANG) == pid_;
          ConnectOptions options;
          options.host = "127.0.0.1";
          options.port = port_;
          options.lookup_peer_name = false;
          return exited || Connect(options).has_value();
        },
        std::chrono::seconds(5));
    if (exited) pid_ = -1;
    return listening && !exited;
  }

  void Stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }

  pid_t pid_ = -1;
  int port_ = 0;
};

TEST(Socks5ConnectTest, ThroughRealMicrosocks) {
  if (::access(Microsocks::kBinary, X_OK) != 0) GTEST_SKIP() << "microsocks is not installed";
  Microsocks microsocks;
  ASSERT_TRUE(microsocks.Start()) << "microsocks did not start";
  TcpServer server(testing::Echo);
  ASSERT_TRUE(server.ok()) << server.error();
  ConnectOptions options = ProxyOptions(microsocks.port());
  options.host = "localhost";  // resolved by microsocks
  options.port = server.port();
  auto connection = Connect(options);
  ASSERT_TRUE(connection) << connection.error().message;
  EXPECT_TRUE(connection->info.via_proxy);
  ASSERT_TRUE(connection->transport->WriteAll("STAT\r\n"));
  // No half-close here: microsocks tears down both directions when one side ends.
  std::string received;
  char buffer[64];
  while (received.size() < 6) {
    auto n = connection->transport->ReadSome(buffer);
    ASSERT_TRUE(n) << n.error().message;
    if (*n == 0) break;
    received.append(buffer, *n);
  }
  EXPECT_EQ(received, "STAT\r\n");
}

}  // namespace
}  // namespace mpop::net
