// The fd-pair transport (mpopd's --inetd) over two pipes: data both ways, end of stream,
// time-outs, stops, and Wait in both directions.

#include "net/fd_pair_transport.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <csignal>

#include "util/unique_fd.hpp"

namespace mpop::net {
namespace {

struct Pipe {
  Pipe() {
    int fds[2];
    EXPECT_EQ(::pipe(fds), 0);
    read_end.Reset(fds[0]);
    write_end.Reset(fds[1]);
  }
  UniqueFd read_end;
  UniqueFd write_end;
};

TEST(FdPairTransportTest, ReadsWritesAndSeesEndOfStream) {
  Pipe in;
  Pipe out;
  FdPairTransport transport(in.read_end.get(), out.write_end.get(), std::chrono::milliseconds(5000),
                            AbortSignal());
  ASSERT_EQ(::write(in.write_end.get(), "USER a\r\n", 8), 8);
  std::array<char, 64> buffer;
  Result<std::size_t> n = transport.ReadSome(buffer);
  ASSERT_TRUE(n.has_value());
  EXPECT_EQ(std::string(buffer.data(), *n), "USER a\r\n");
  ASSERT_TRUE(transport.WriteAll("+OK\r\n").has_value());
  ASSERT_EQ(::read(out.read_end.get(), buffer.data(), buffer.size()), 5);
  EXPECT_EQ(std::string(buffer.data(), 5), "+OK\r\n");
  in.write_end.Reset();
  n = transport.ReadSome(buffer);
  ASSERT_TRUE(n.has_value());
  EXPECT_EQ(*n, 0u);
}

TEST(FdPairTransportTest, SilenceTimesOut) {
  Pipe in;
  Pipe out;
  FdPairTransport transport(in.read_end.get(), out.write_end.get(), std::chrono::milliseconds(50),
                            AbortSignal());
  std::array<char, 8> buffer;
  Result<std::size_t> n = transport.ReadSome(buffer);
  ASSERT_FALSE(n.has_value());
  EXPECT_EQ(n.error().message, "read error: the operation timed out");
  // A client that never reads: the write side times out too, instead of blocking.
  const std::string big(1 << 20, 'x');
  Status written = transport.WriteAll(big);
  ASSERT_FALSE(written.has_value());
  EXPECT_EQ(written.error().message, "write error: the operation timed out");
}

TEST(FdPairTransportTest, ClosedReaderIsAWriteError) {
  Pipe in;
  Pipe out;
  FdPairTransport transport(in.read_end.get(), out.write_end.get(), std::chrono::milliseconds(1000),
                            AbortSignal());
  out.read_end.Reset();
  std::signal(SIGPIPE, SIG_IGN);  // as mpopd does
  Status written = transport.WriteAll("+OK\r\n");
  ASSERT_FALSE(written.has_value());
  EXPECT_EQ(written.error().message, "write error: Broken pipe");
}

TEST(FdPairTransportTest, StopEndsReadsAndWritesThatWouldWait) {
  Pipe in;
  Pipe out;
  Result<AbortSource> stop = AbortSource::Create();
  ASSERT_TRUE(stop.has_value()) << stop.error().message;
  FdPairTransport transport(in.read_end.get(), out.write_end.get(), std::chrono::seconds(60),
                            stop->signal());
  stop->Trigger();
  const auto start = std::chrono::steady_clock::now();
  std::array<char, 8> buffer;
  Result<std::size_t> n = transport.ReadSome(buffer);
  ASSERT_FALSE(n.has_value());
  EXPECT_EQ(n.error(), Error::IoErr("read error: operation aborted"));
  // What fits in the pipe is still written (QUIT's "+OK" after UPDATE); waiting is not.
  ASSERT_TRUE(transport.WriteAll("+OK\r\n").has_value());
  const std::string big(1 << 20, 'x');
  Status written = transport.WriteAll(big);
  ASSERT_FALSE(written.has_value());
  EXPECT_EQ(written.error(), Error::IoErr("write error: operation aborted"));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

// Fills a pipe until a write would block.
void FillPipe(int fd) {
  const std::string chunk(4096, 'x');
  while (::write(fd, chunk.data(), chunk.size()) > 0) {
  }
}

TEST(FdPairTransportTest, WaitReportsWritabilityWhenAskedFor) {
  Pipe in;
  Pipe out;
  FdPairTransport transport(in.read_end.get(), out.write_end.get(), std::chrono::milliseconds(5000),
                            AbortSignal());
  // Nothing to read, room to write: only a Wait that asks for writability returns.
  Result<Readiness> ready = transport.Wait(true);
  ASSERT_TRUE(ready.has_value()) << ready.error().message;
  EXPECT_FALSE(ready->readable);
  EXPECT_TRUE(ready->writable);
  // Data to read as well: both.
  ASSERT_EQ(::write(in.write_end.get(), "NOOP\r\n", 6), 6);
  ready = transport.Wait(true);
  ASSERT_TRUE(ready.has_value()) << ready.error().message;
  EXPECT_TRUE(ready->readable);
  EXPECT_TRUE(ready->writable);
  // Without want_write, writability is not reported.
  ready = transport.Wait(false);
  ASSERT_TRUE(ready.has_value()) << ready.error().message;
  EXPECT_TRUE(ready->readable);
  EXPECT_FALSE(ready->writable);
}

TEST(FdPairTransportTest, WaitForAFullWriteSideTimesOutUntilTheReaderDrains) {
  Pipe in;
  Pipe out;
  FdPairTransport transport(in.read_end.get(), out.write_end.get(), std::chrono::milliseconds(50),
                            AbortSignal());
  ASSERT_TRUE(transport.WriteAll("+OK\r\n").has_value());  // non-blocking from here on
  FillPipe(out.write_end.get());
  Result<Readiness> ready = transport.Wait(true);
  ASSERT_FALSE(ready.has_value());
  EXPECT_EQ(ready.error(), Error::IoErr("read error: the operation timed out"));
  std::array<char, 65536> buffer;
  ASSERT_GT(::read(out.read_end.get(), buffer.data(), buffer.size()), 0);  // the peer reads
  ready = transport.Wait(true);
  ASSERT_TRUE(ready.has_value()) << ready.error().message;
  EXPECT_TRUE(ready->writable);
}

TEST(FdPairTransportTest, WaitEndsOnStop) {
  Pipe in;
  Pipe out;
  Result<AbortSource> stop = AbortSource::Create();
  ASSERT_TRUE(stop.has_value()) << stop.error().message;
  FdPairTransport transport(in.read_end.get(), out.write_end.get(), std::chrono::seconds(60),
                            stop->signal());
  stop->Trigger();
  Result<Readiness> ready = transport.Wait(false);
  ASSERT_FALSE(ready.has_value());
  EXPECT_EQ(ready.error(), Error::IoErr("read error: operation aborted"));
}

}  // namespace
}  // namespace mpop::net
