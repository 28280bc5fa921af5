#pragma once
// FdPairTransport: the Transport over two descriptors, one to read and one to write, such
// as mpopd's stdin and stdout in --inetd mode (a socket passed by inetd/systemd, or two
// pipes). Both are switched to non-blocking mode; every wait honours the idle timeout and
// the abort signal, as FdTransport's do (net/fd_transport.hpp).

#include <chrono>
#include <optional>

#include "net/poll_fd.hpp"
#include "util/transport.hpp"

namespace mpop::net {

class FdPairTransport final : public Transport {
 public:
  // Borrows the descriptors: they stay open (they are the process's stdin and stdout) and
  // must outlive the transport. timeout: the idle timeout of every call (nullopt: none).
  FdPairTransport(int read_fd, int write_fd, std::optional<std::chrono::milliseconds> timeout,
                  AbortSignal abort);
  FdPairTransport(const FdPairTransport&) = delete;
  FdPairTransport& operator=(const FdPairTransport&) = delete;

  // Errors (kIoErr): "read error: the operation timed out", "read error: operation
  // aborted", "read error: <strerror>"; WriteSome the same with "write error: ...".
  Result<std::size_t> ReadSome(std::span<char> buffer) override;
  Result<std::size_t> WriteSome(std::string_view bytes) override;

  // Polls the read descriptor for POLLIN and, if want_write, the write descriptor for
  // POLLOUT, in one poll(). Hang-ups and errors count as ready, so that the next read or
  // write reports them. A time-out is reported as a read error: we were waiting for the
  // peer.
  Result<Readiness> Wait(bool want_write) override;

 private:
  Status WaitFor(int fd, short events, std::string_view direction);

  int read_fd_;
  int write_fd_;
  std::optional<std::chrono::milliseconds> timeout_;
  AbortSignal abort_;
};

}  // namespace mpop::net
