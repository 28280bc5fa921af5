#include "server/stdio_transport.hpp"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <string>

namespace mpop::server {
namespace {

void SetNonBlocking(int fd) {
  const int flags = ::fcntl(fd, F_GETFL);
  if (flags >= 0 && !(flags & O_NONBLOCK)) ::fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

Error StreamError(std::string_view direction, std::string_view what) {
  return Error::IoErr(std::string(direction) + " error: " + std::string(what));
}

}  // namespace

StdioTransport::StdioTransport(int read_fd, int write_fd,
                               std::optional<std::chrono::milliseconds> timeout,
                               net::AbortSignal abort)
    : read_fd_(read_fd), write_fd_(write_fd), timeout_(timeout), abort_(abort) {
  SetNonBlocking(read_fd_);
  SetNonBlocking(write_fd_);
}

Status StdioTransport::WaitFor(int fd, short events, std::string_view direction) {
  net::PollOutcome outcome = net::PollFd(fd, events, timeout_, abort_);
  switch (outcome.status) {
    case net::PollStatus::kReady:
      return {};
    case net::PollStatus::kTimedOut:
      return StreamError(direction, "the operation timed out");
    case net::PollStatus::kAborted:
      return StreamError(direction, "operation aborted");
    case net::PollStatus::kFailed:
      break;
  }
  return StreamError(direction, ErrnoText(outcome.error));
}

Result<std::size_t> StdioTransport::ReadSome(std::span<char> buffer) {
  for (;;) {
    ssize_t n = ::read(read_fd_, buffer.data(), buffer.size());
    if (n >= 0) return static_cast<std::size_t>(n);
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      MPOP_TRY(WaitFor(read_fd_, POLLIN, "read"));
    } else if (errno != EINTR) {  // EINTR: try again; a stop shows in the next wait
      return StreamError("read", ErrnoText(errno));
    }
  }
}

Result<std::size_t> StdioTransport::WriteSome(std::string_view bytes) {
  for (;;) {
    ssize_t n = ::write(write_fd_, bytes.data(), bytes.size());
    if (n >= 0) return static_cast<std::size_t>(n);
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      MPOP_TRY(WaitFor(write_fd_, POLLOUT, "write"));
    } else if (errno != EINTR) {
      return StreamError("write", ErrnoText(errno));
    }
  }
}

Result<Readiness> StdioTransport::Wait(bool want_write) {
  MPOP_TRY(WaitFor(read_fd_, POLLIN, "read"));
  (void)want_write;  // the server never waits for both directions at once
  return Readiness{true, false};
}

}  // namespace mpop::server
