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

}  // namespace

FdPairTransport::FdPairTransport(int read_fd, int write_fd,
                                 std::optional<std::chrono::milliseconds> timeout,
                                 AbortSignal abort)
    : read_fd_(read_fd), write_fd_(write_fd), timeout_(timeout), abort_(abort) {
  SetNonBlocking(read_fd_);
  SetNonBlocking(write_fd_);
}

Status FdPairTransport::WaitFor(int fd, short events, std::string_view direction) {
  return WaitStatus(PollFd(fd, events, timeout_, abort_), "", direction);
}

Result<std::size_t> FdPairTransport::ReadSome(std::span<char> buffer) {
  for (;;) {
    ssize_t n = ::read(read_fd_, buffer.data(), buffer.size());
    if (n >= 0) return static_cast<std::size_t>(n);
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      MPOP_TRY(WaitFor(read_fd_, POLLIN, "read"));
    } else if (errno != EINTR) {  // EINTR: try again; a stop shows in the next wait
      return StreamError("", "read", ErrnoText(errno));
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
      return StreamError("", "write", ErrnoText(errno));
    }
  }
}

Result<Readiness> FdPairTransport::Wait(bool want_write) {
  // The write side is left out (fd -1) unless asked for.
  PollEntry entries[2] = {{read_fd_, POLLIN}, {want_write ? write_fd_ : -1, POLLOUT}};
  // A time-out is a read error: we were waiting for the peer.
  MPOP_TRY(WaitStatus(PollFds(entries, timeout_, abort_), "", "read"));
  return Readiness{entries[0].revents != 0, entries[1].revents != 0};
}

}  // namespace mpop::net
