#include "net/fd_transport.hpp"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <random>
#include <string>
#include <thread>

#include "net/listener.hpp"
#include "support/periodic_signal.hpp"
#include "support/wait_until.hpp"
#include "unit/net/loopback_server.hpp"

namespace mpop::net {
namespace {

using std::chrono::milliseconds;
using testing::ReadBytes;
using testing::WriteBytes;

struct Pair {
  std::unique_ptr<FdTransport> transport;  // our side
  UniqueFd peer;                           // the other end, blocking
};

Pair SocketPair(std::optional<milliseconds> timeout, AbortSignal abort = {}) {
  int fds[2];
  EXPECT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), 0);
  return {std::make_unique<FdTransport>(UniqueFd(fds[0]), timeout, abort), UniqueFd(fds[1])};
}

// A connected TCP pair on 127.0.0.1.
Pair TcpPair(std::optional<milliseconds> timeout) {
  auto listener = Listener::OpenLoopback();
  EXPECT_TRUE(listener) << listener.error().message;
  UniqueFd client(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(listener->port()));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(::connect(client.get(), reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  auto accepted = listener->Accept(std::chrono::seconds(5));
  EXPECT_TRUE(accepted && *accepted);
  return {std::make_unique<FdTransport>(std::move(client), timeout), std::move((*accepted)->fd)};
}

std::string ReadString(Transport& transport, std::size_t buffer_size = 4096) {
  std::string buffer(buffer_size, '\0');
  auto n = transport.ReadSome(buffer);
  EXPECT_TRUE(n) << n.error().message;
  buffer.resize(n ? *n : 0);
  return buffer;
}

TEST(FdTransportTest, ReadSomeReturnsEverythingQueuedInOneCall) {
  Pair pair = SocketPair(milliseconds(5000));
  const std::string sent(1000, 'x');
  WriteBytes(pair.peer.get(), sent);
  EXPECT_EQ(ReadString(*pair.transport), sent);
}

TEST(FdTransportTest, ReadSomeStopsAtTheBufferSize) {
  Pair pair = SocketPair(milliseconds(5000));
  WriteBytes(pair.peer.get(), "abcdef");
  EXPECT_EQ(ReadString(*pair.transport, 4), "abcd");
  EXPECT_EQ(ReadString(*pair.transport, 4), "ef");
}

TEST(FdTransportTest, ReadSomeReturnsZeroAtEndOfStream) {
  Pair pair = SocketPair(milliseconds(5000));
  WriteBytes(pair.peer.get(), "last");
  pair.peer.Reset();
  EXPECT_EQ(ReadString(*pair.transport), "last");
  char byte;
  auto n = pair.transport->ReadSome({&byte, 1});
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 0u);
}

TEST(FdTransportTest, WriteSomeReachesThePeer) {
  Pair pair = SocketPair(milliseconds(5000));
  ASSERT_TRUE(pair.transport->WriteAll("USER joe\r\n"));
  EXPECT_EQ(ReadBytes(pair.peer.get(), 10), "USER joe\r\n");
}

TEST(FdTransportTest, ReadTimesOutWhenThePeerIsSilent) {
  Pair pair = SocketPair(milliseconds(200));
  const auto start = std::chrono::steady_clock::now();
  char byte;
  auto n = pair.transport->ReadSome({&byte, 1});
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(n);
  EXPECT_EQ(n.error(), Error::IoErr("network read error: the operation timed out"));
  EXPECT_GE(elapsed, milliseconds(200));
  EXPECT_LT(elapsed, milliseconds(5000));
}

TEST(FdTransportTest, WaitTimesOutAsAReadError) {
  Pair pair = SocketPair(milliseconds(50));
  auto ready = pair.transport->Wait(false);
  ASSERT_FALSE(ready);
  EXPECT_EQ(ready.error(), Error::IoErr("network read error: the operation timed out"));
}

TEST(FdTransportTest, WriteTimesOutWhenThePeerDoesNotRead) {
  Pair pair = SocketPair(milliseconds(50));
  const std::string chunk(65536, 'x');
  for (int i = 0; i < 10000; ++i) {  // socket buffers are far smaller than 640 MB
    auto n = pair.transport->WriteSome(chunk);
    if (!n) {
      EXPECT_EQ(n.error(), Error::IoErr("network write error: the operation timed out"));
      return;
    }
  }
  FAIL() << "the writes never blocked";
}

TEST(FdTransportTest, WriteToAClosedPeerFailsWithoutSigpipe) {
  Pair pair = SocketPair(milliseconds(5000));
  pair.peer.Reset();
  auto n = pair.transport->WriteSome("QUIT\r\n");
  ASSERT_FALSE(n);
  EXPECT_EQ(n.error(), Error::IoErr("network write error: Broken pipe"));
}

TEST(FdTransportTest, ReadAfterAResetReportsIt) {
  Pair pair = TcpPair(milliseconds(5000));
  const linger abortive{1, 0};  // close() then sends RST instead of FIN
  ASSERT_EQ(::setsockopt(pair.peer.get(), SOL_SOCKET, SO_LINGER, &abortive, sizeof abortive), 0);
  pair.peer.Reset();
  char byte;
  auto n = pair.transport->ReadSome({&byte, 1});
  ASSERT_FALSE(n);
  EXPECT_EQ(n.error(), Error::IoErr("network read error: Connection reset by peer"));
}

TEST(FdTransportTest, WaitReportsReadableAndWritable) {
  Pair pair = SocketPair(milliseconds(5000));
  auto ready = pair.transport->Wait(true);
  ASSERT_TRUE(ready);
  EXPECT_FALSE(ready->readable);
  EXPECT_TRUE(ready->writable);

  WriteBytes(pair.peer.get(), "+OK\r\n");
  ready = pair.transport->Wait(false);
  ASSERT_TRUE(ready);
  EXPECT_TRUE(ready->readable);
  EXPECT_FALSE(ready->writable);
}

TEST(FdTransportTest, WaitReportsAHangUpAsReadable) {
  Pair pair = SocketPair(milliseconds(5000));
  pair.peer.Reset();
  auto ready = pair.transport->Wait(false);
  ASSERT_TRUE(ready);
  EXPECT_TRUE(ready->readable);
}

TEST(FdTransportTest, ShutdownSendsEndOfStreamButKeepsReading) {
  Pair pair = SocketPair(milliseconds(5000));
  ASSERT_TRUE(pair.transport->WriteAll("QUIT\r\n"));
  ASSERT_TRUE(pair.transport->Shutdown());
  EXPECT_EQ(ReadBytes(pair.peer.get(), 100), "QUIT\r\n");  // then end of stream
  WriteBytes(pair.peer.get(), "+OK bye\r\n");
  EXPECT_EQ(ReadString(*pair.transport), "+OK bye\r\n");
}

// Writes 8 MiB while the peer echoes them: only a full-duplex loop driven by Wait()
// finishes, since both sides' socket buffers are far smaller.
TEST(FdTransportTest, FullDuplexTransferDoesNotDeadlock) {
  Pair pair = TcpPair(milliseconds(10000));
  std::thread echo(testing::Echo, std::move(pair.peer));
  std::string data(8 << 20, '\0');
  std::mt19937 random(static_cast<unsigned>(::testing::UnitTest::GetInstance()->random_seed()));
  for (char& c : data) c = static_cast<char>(random());

  std::string received;
  received.reserve(data.size());
  std::string buffer(65536, '\0');
  std::size_t sent = 0;
  bool shut = false;
  for (;;) {
    auto ready = pair.transport->Wait(sent < data.size());
    ASSERT_TRUE(ready) << ready.error().message;
    if (ready->writable) {
      auto n = pair.transport->WriteSome(std::string_view(data).substr(sent, 256 << 10));
      ASSERT_TRUE(n) << n.error().message;
      sent += *n;
    }
    if (sent == data.size() && !shut) {
      ASSERT_TRUE(pair.transport->Shutdown());
      shut = true;
    }
    if (ready->readable) {
      auto n = pair.transport->ReadSome(buffer);
      ASSERT_TRUE(n) << n.error().message;
      if (*n == 0) break;
      received.append(buffer, 0, *n);
    }
  }
  echo.join();
  EXPECT_EQ(received.size(), data.size());
  EXPECT_TRUE(received == data);
}

using ::mpop::testing::PeriodicSignal;

AbortSource MakeAbortSource() {
  Result<AbortSource> source = AbortSource::Create();
  EXPECT_TRUE(source.has_value()) << source.error().message;
  return std::move(*source);
}

TEST(FdTransportTest, AbortEndsEveryWaitButQueuedBytesAreStillRead) {
  const AbortSource source = MakeAbortSource();
  Pair pair = SocketPair(milliseconds(5000), source.signal());
  WriteBytes(pair.peer.get(), "x");
  source.Trigger();
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(ReadString(*pair.transport), "x");
  char byte;
  auto n = pair.transport->ReadSome({&byte, 1});
  ASSERT_FALSE(n);
  EXPECT_EQ(n.error(), Error::IoErr("network read error: operation aborted"));
  auto ready = pair.transport->Wait(true);
  ASSERT_FALSE(ready);
  EXPECT_EQ(ready.error(), Error::IoErr("network read error: operation aborted"));
  EXPECT_LT(std::chrono::steady_clock::now() - start, milliseconds(1000));
}

TEST(FdTransportTest, AbortFromAnotherThreadEndsABlockedWrite) {
  const AbortSource source = MakeAbortSource();
  Pair pair = SocketPair(milliseconds(10000), source.signal());
  const auto start = std::chrono::steady_clock::now();
  const pid_t writer = ::mpop::testing::ThisThreadId();
  std::thread stopper([&] {
    ::mpop::testing::WaitUntil([&] { return ::mpop::testing::BlockedInKernel(writer); });
    source.Trigger();
  });
  // The peer never reads: the socket buffer fills and the write has to wait.
  const std::string chunk(1 << 20, 'x');
  Status written = pair.transport->WriteAll(chunk + chunk + chunk + chunk);
  stopper.join();
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error(), Error::IoErr("network write error: operation aborted"));
  EXPECT_LT(std::chrono::steady_clock::now() - start, milliseconds(2000));
}

TEST(FdTransportTest, SignalsWithoutAbortKeepWaitingUntilTheTimeout) {
  const AbortSource source = MakeAbortSource();
  Pair pair = SocketPair(milliseconds(100), source.signal());
  PeriodicSignal signal;
  if (!signal.ok()) GTEST_SKIP() << "no per-thread timers here";
  const auto start = std::chrono::steady_clock::now();
  char byte;
  auto n = pair.transport->ReadSome({&byte, 1});
  ASSERT_FALSE(n);
  EXPECT_EQ(n.error(), Error::IoErr("network read error: the operation timed out"));
  EXPECT_GE(std::chrono::steady_clock::now() - start, milliseconds(100));
}

}  // namespace
}  // namespace mpop::net
