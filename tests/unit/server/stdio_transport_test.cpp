// The --inetd transport over two pipes: data both ways, end of stream, time-outs, stops.

#include "server/stdio_transport.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <csignal>

#include "util/unique_fd.hpp"

namespace mpop::server {
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

TEST(StdioTransportTest, ReadsWritesAndSeesEndOfStream) {
  Pipe in;
  Pipe out;
  StdioTransport transport(in.read_end.get(), out.write_end.get(), std::chrono::milliseconds(5000),
                           net::AbortSignal());
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

TEST(StdioTransportTest, SilenceTimesOut) {
  Pipe in;
  Pipe out;
  StdioTransport transport(in.read_end.get(), out.write_end.get(), std::chrono::milliseconds(50),
                           net::AbortSignal());
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

TEST(StdioTransportTest, ClosedReaderIsAWriteError) {
  Pipe in;
  Pipe out;
  StdioTransport transport(in.read_end.get(), out.write_end.get(), std::chrono::milliseconds(1000),
                           net::AbortSignal());
  out.read_end.Reset();
  std::signal(SIGPIPE, SIG_IGN);  // as mpopd does
  Status written = transport.WriteAll("+OK\r\n");
  ASSERT_FALSE(written.has_value());
  EXPECT_EQ(written.error().message, "write error: Broken pipe");
}

TEST(StdioTransportTest, StopEndsReadsAndWritesThatWouldWait) {
  Pipe in;
  Pipe out;
  Result<net::AbortSource> stop = net::AbortSource::Create();
  ASSERT_TRUE(stop.has_value()) << stop.error().message;
  StdioTransport transport(in.read_end.get(), out.write_end.get(), std::chrono::seconds(60),
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

}  // namespace
}  // namespace mpop::server
