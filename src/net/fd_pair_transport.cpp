#include "net/fd_pair_transport.hpp"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <string>

namespace mpop::net {
namespace {

void SetNonBlocking(int fd) {
  const int flags = ::fcntl(fd, F_GETFL);
  if (flags >= 0 && !(flags & O_NONBLOCK)) ::fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

Error StreamError(std::string_view direction, std::string_view what) {
  return Error::IoErr(std::string(direction) + " error: " + std::string(what));
}

}  // namespace

FdPairTransport::FdPairTransport(int read_fd, int write_fd,
                                 std::optional<std::chrono::milliseconds> timeout,
                                 AbortSignal abort)
    : read_fd_(read_fd), write_fd_(write_fd), timeout_(timeout), abort_(abort) {
  SetNonBlocking(read_fd_);
  SetNonBlocking(write_fd_);
}

Status FdPairTransport::WaitFor(int fd, short events, std::string_view direction) {
  PollOutcome outcome = PollFd(fd, events, timeout_, abort_);
  switch (outcome.status) {
    case PollStatus::kReady:
      return {};
    case PollStatus::kTimedOut:
      return StreamError(direction, "the operation timed out");
    case PollStatus::kAborted:
      return StreamError(direction, "operation aborted");
    case PollStatus::kFailed:
      break;
  }
  return StreamError(direction, ErrnoText(outcome.error));
}

Result<std::size_t> FdPairTransport::ReadSome(std::span<char> buffer) {
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

Result<std::size_t> FdPairTransport::WriteSome(std::string_view bytes) {
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

Result<Readiness> FdPairTransport::Wait(bool want_write) {
  using Clock = std::chrono::steady_clock;
  const auto deadline = timeout_ ? Clock::now() + *timeout_ : Clock::time_point::max();
  for (;;) {
    int wait_ms = -1;
    if (timeout_) {
      auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
      if (left.count() < 0) left = std::chrono::milliseconds(0);
      wait_ms = left.count() > 0x7fffffff ? 0x7fffffff : static_cast<int>(left.count());
    }
    // A descriptor of -1 is ignored by poll(): the write side when not asked for, and an
    // abort signal that never fires.
    pollfd entries[3] = {
        {read_fd_, POLLIN, 0}, {want_write ? write_fd_ : -1, POLLOUT, 0}, {abort_.fd(), POLLIN, 0}};
    const int n = ::poll(entries, 3, wait_ms);
    if (n > 0) {
      if (entries[2].revents != 0) return StreamError("read", "operation aborted");
      return Readiness{entries[0].revents != 0, entries[1].revents != 0};
    }
    if (n == 0) {
      // poll() may wake a little early; only report a time-out once the deadline passed.
      if (Clock::now() >= deadline) return StreamError("read", "the operation timed out");
      continue;
    }
    if (errno != EINTR) return StreamError("read", ErrnoText(errno));
  }
}

}  // namespace mpop::net
