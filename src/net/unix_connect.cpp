#include "net/unix_connect.hpp"

#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>

#include <cerrno>
#include <cstring>

namespace mpop::net {
namespace {

Error ConnectError(const std::string& path, std::string_view reason) {
  return Error::TempFail("cannot connect to " + path + ": " + std::string(reason));
}

}  // namespace

Result<UniqueFd> ConnectUnix(const std::string& path,
                             std::optional<std::chrono::milliseconds> timeout,
                             AbortFlag abort_flag) {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (path.empty() || path.size() >= sizeof address.sun_path) {
    return ConnectError(path, ErrnoText(path.empty() ? ENOENT : ENAMETOOLONG));
  }
  std::memcpy(address.sun_path, path.data(), path.size());

  UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!fd) return Error::OsErr("cannot create socket: " + ErrnoText(errno));
  // A unix connect() only waits when the listener's backlog is full, and a non-blocking
  // one then fails with EAGAIN instead of becoming pollable; a blocking connect bounded
  // by SO_SNDTIMEO (which Linux applies to it) waits properly.
  if (timeout) {
    auto usec = std::chrono::duration_cast<std::chrono::microseconds>(*timeout).count();
    timeval tv{static_cast<time_t>(usec / 1000000), static_cast<suseconds_t>(usec % 1000000)};
    if (tv.tv_sec == 0 && tv.tv_usec == 0) tv.tv_usec = 1;  // zero would mean "forever"
    ::setsockopt(fd.get(), SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  }
  for (;;) {
    if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0) {
      break;
    }
    if (errno == EINTR) {
      if (Aborted(abort_flag)) return ConnectError(path, "operation aborted");
      continue;  // an interrupted unix connect() leaves the socket unconnected: retry
    }
    // SO_SNDTIMEO expiring shows up as EAGAIN.
    return ConnectError(path, ErrnoText(errno == EAGAIN ? ETIMEDOUT : errno));
  }
  // Transports poll with their own timeout; the socket option must not linger.
  timeval off{};
  ::setsockopt(fd.get(), SOL_SOCKET, SO_SNDTIMEO, &off, sizeof off);
  return fd;
}

}  // namespace mpop::net
