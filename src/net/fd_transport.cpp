#include "net/fd_transport.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>

#include <cassert>
#include <cerrno>
#include <string>
#include <utility>

namespace mpop::net {
namespace {

Error NetworkError(std::string_view direction, std::string_view what) {
  return StreamError("network", direction, what);
}

}  // namespace

FdTransport::FdTransport(UniqueFd fd, std::optional<std::chrono::milliseconds> timeout,
                         AbortSignal abort)
    : fd_(std::move(fd)), timeout_(timeout), abort_(abort) {
  int flags = ::fcntl(fd_.get(), F_GETFL);
  assert(flags >= 0);  // only fails for an invalid descriptor, a caller bug
  if (!(flags & O_NONBLOCK)) ::fcntl(fd_.get(), F_SETFL, flags | O_NONBLOCK);
}

Status FdTransport::WaitFor(short events, std::string_view direction) {
  // Ready: the following recv/send reports errors and hang-ups itself.
  return WaitStatus(PollFd(fd_.get(), events, timeout_, abort_), "network", direction);
}

Result<std::size_t> FdTransport::ReadSome(std::span<char> buffer) {
  assert(!buffer.empty());
  // A read that did not fill the buffer emptied the socket: most likely nothing has come
  // since, so wait first instead of finding that out with a recv that fails (a big listing
  // arrives in a few hundred pieces). Otherwise try first: when data is queued, that is the
  // only syscall.
  if (std::exchange(drained_, false)) MPOP_TRY(WaitFor(POLLIN, "read"));
  for (;;) {
    ssize_t n = ::recv(fd_.get(), buffer.data(), buffer.size(), 0);
    if (n >= 0) {
      drained_ = n > 0 && static_cast<std::size_t>(n) < buffer.size();
      return static_cast<std::size_t>(n);
    }
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      MPOP_TRY(WaitFor(POLLIN, "read"));
    } else if (errno != EINTR) {  // EINTR: try again; a stop shows in the next wait
      return NetworkError("read", ErrnoText(errno));
    }
  }
}

Result<std::size_t> FdTransport::WriteSome(std::string_view bytes) {
  assert(!bytes.empty());
  for (;;) {
    ssize_t n = ::send(fd_.get(), bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n >= 0) return static_cast<std::size_t>(n);
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      MPOP_TRY(WaitFor(POLLOUT, "write"));
    } else if (errno != EINTR) {
      return NetworkError("write", ErrnoText(errno));
    }
  }
}

Result<Readiness> FdTransport::Wait(bool want_write) {
  short events = POLLIN;
  if (want_write) events |= POLLOUT;
  PollOutcome outcome = PollFd(fd_.get(), events, timeout_, abort_);
  // A time-out is a read error: we were waiting for the peer.
  MPOP_TRY(WaitStatus(outcome, "network", "read"));
  const short trouble = POLLERR | POLLHUP;
  Readiness ready;
  ready.readable = (outcome.revents & (POLLIN | trouble)) != 0;
  if (ready.readable) drained_ = false;  // the next read need not wait again
  ready.writable = want_write && (outcome.revents & (POLLOUT | trouble)) != 0;
  return ready;
}

Status FdTransport::Shutdown() {
  if (::shutdown(fd_.get(), SHUT_WR) != 0 && errno != ENOTCONN) {
    return NetworkError("write", ErrnoText(errno));
  }
  return {};
}

}  // namespace mpop::net
