#pragma once
// FdTransport: the Transport over a connected stream socket (TCP, unix, or a TCP socket
// tunnelled through SOCKS5). TLS wraps one of these: it may drive fd() itself or push and
// pull its records through ReadSome/WriteSome, which already honour the timeout.

#include <chrono>
#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

#include "net/poll_fd.hpp"
#include "util/result.hpp"
#include "util/transport.hpp"
#include "util/unique_fd.hpp"

namespace mpop::net {

class FdTransport final : public Transport {
 public:
  // Takes ownership of a connected stream socket and switches it to non-blocking mode.
  // timeout is the idle timeout of every ReadSome/WriteSome/Wait (nullopt: none); it
  // restarts with each call. Once abort fires, every call that would wait fails with
  // "operation aborted" at once; bytes already queued are still read (or sent) first.
  FdTransport(UniqueFd fd, std::optional<std::chrono::milliseconds> timeout,
              AbortSignal abort = {});
  FdTransport(const FdTransport&) = delete;
  FdTransport& operator=(const FdTransport&) = delete;

  // One recv() when data is waiting, otherwise poll() then recv(). buffer must not be
  // empty. Errors (kIoErr): "network read error: the operation timed out",
  // "network read error: <strerror>", "network read error: operation aborted".
  Result<std::size_t> ReadSome(std::span<char> buffer) override;

  // One send() (never raises SIGPIPE). bytes must not be empty. Errors (kIoErr) as for
  // ReadSome with "network write error: ...".
  Result<std::size_t> WriteSome(std::string_view bytes) override;

  // Polls for POLLIN and, if want_write, POLLOUT. Hang-ups and socket errors count as
  // readable (and writable when asked), so the next read or write reports them. A
  // time-out is reported as a read error: we were waiting for the peer.
  Result<Readiness> Wait(bool want_write) override;

  // Half-closes: sends FIN so the peer reads end of stream; reading stays possible.
  // Closing happens in the destructor. Errors: kIoErr.
  Status Shutdown();

  int fd() const { return fd_.get(); }
  std::optional<std::chrono::milliseconds> timeout() const { return timeout_; }
  void set_timeout(std::optional<std::chrono::milliseconds> timeout) { timeout_ = timeout; }
  AbortSignal abort() const { return abort_; }

 private:
  // Waits until events are possible; errors are worded for direction ("read"/"write").
  Status WaitFor(short events, std::string_view direction);

  UniqueFd fd_;
  std::optional<std::chrono::milliseconds> timeout_;
  AbortSignal abort_;
  bool drained_ = false;  // the last read emptied the socket (see ReadSome)
};

}  // namespace mpop::net
