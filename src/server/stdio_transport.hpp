#pragma once
// StdioTransport: the Transport over two descriptors, one to read and one to write, for
// --inetd (stdin and stdout: a socket passed by inetd/systemd, or pipes). Both are switched
// to non-blocking mode; every wait honours the idle timeout and the abort signal.

#include <chrono>
#include <optional>

#include "net/poll_fd.hpp"
#include "util/transport.hpp"

namespace mpop::server {

class StdioTransport final : public Transport {
 public:
  // The descriptors stay open (they are the process's stdin/stdout).
  StdioTransport(int read_fd, int write_fd, std::optional<std::chrono::milliseconds> timeout,
                 net::AbortSignal abort);
  StdioTransport(const StdioTransport&) = delete;
  StdioTransport& operator=(const StdioTransport&) = delete;

  // Errors (kIoErr): "read error: the operation timed out", "read error: REASON", ...
  Result<std::size_t> ReadSome(std::span<char> buffer) override;
  Result<std::size_t> WriteSome(std::string_view bytes) override;
  Result<Readiness> Wait(bool want_write) override;

 private:
  Status WaitFor(int fd, short events, std::string_view direction);

  int read_fd_;
  int write_fd_;
  std::optional<std::chrono::milliseconds> timeout_;
  net::AbortSignal abort_;
};

}  // namespace mpop::server
