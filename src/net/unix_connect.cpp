#include "net/unix_connect.hpp"

#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "util/i18n.hpp"

namespace mpop::net {
namespace {

Error ConnectError(const std::string& path, std::string_view reason) {
  return Error::TempFail(TrFormat("cannot connect to {}: {}", path, reason));
}

void SetSendTimeout(int fd, std::chrono::microseconds timeout) {
  const auto usec = timeout.count();
  timeval tv{static_cast<time_t>(usec / 1000000), static_cast<suseconds_t>(usec % 1000000)};
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

}  // namespace

Result<UniqueFd> ConnectUnix(const std::string& path,
                             std::optional<std::chrono::milliseconds> timeout, AbortSignal abort) {
  using Clock = std::chrono::steady_clock;
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (path.empty() || path.size() >= sizeof address.sun_path) {
    return ConnectError(path, ErrnoText(path.empty() ? ENOENT : ENAMETOOLONG));
  }
  std::memcpy(address.sun_path, path.data(), path.size());

  UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!fd) return Error::OsErr(TrFormat("cannot create socket: {}", ErrnoText(errno)));
  // A unix connect() only waits when the listener's backlog is full, and a non-blocking
  // one then fails with EAGAIN instead of becoming pollable, so neither the time-out nor
  // the abort descriptor can end that wait through poll(). A blocking connect bounded by
  // SO_SNDTIMEO (which Linux applies to it) waits properly, in slices short enough that a
  // stop is seen soon: the one wait in net/ that looks at the stop on a tick, and only
  // while the listener is that busy.
  const auto deadline = timeout ? Clock::now() + *timeout : Clock::time_point::max();
  for (;;) {
    if (abort.aborted()) return ConnectError(path, "operation aborted");
    auto slice = std::chrono::duration_cast<std::chrono::microseconds>(kUnixConnectSlice);
    if (timeout) {
      const auto left = std::chrono::ceil<std::chrono::microseconds>(deadline - Clock::now());
      if (left.count() <= 0) return ConnectError(path, ErrnoText(ETIMEDOUT));
      slice = std::min(slice, left);
    }
    SetSendTimeout(fd.get(), slice);
    if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0) {
      break;
    }
    // EINTR: an interrupted unix connect() leaves the socket unconnected, so retry.
    // EAGAIN: the slice expired (SO_SNDTIMEO) with the listener still busy.
    if (errno != EINTR && errno != EAGAIN) return ConnectError(path, ErrnoText(errno));
  }
  // Transports poll with their own timeout; the socket option must not linger.
  SetSendTimeout(fd.get(), std::chrono::microseconds(0));
  return fd;
}

}  // namespace mpop::net
