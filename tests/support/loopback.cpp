#include "support/loopback.hpp"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <optional>

#include "support/wait_until.hpp"

namespace mpop::testing {
namespace {

using Clock = std::chrono::steady_clock;

sockaddr_in LoopbackAddress(uint16_t port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return address;
}

// Reads one line from fd before the deadline; nullopt-like error on EOF or time-out.
Result<std::string> ReadLine(int fd, Clock::time_point deadline) {
  std::string line;
  while (line.find('\n') == std::string::npos) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    pollfd pfd{fd, POLLIN, 0};
    if (left.count() <= 0 || ::poll(&pfd, 1, static_cast<int>(left.count())) <= 0)
      return Error::TempFail("no complete line received (got \"" + line + "\")");
    char buffer[512];
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n <= 0) return Error::TempFail("connection closed (got \"" + line + "\")");
    line.append(buffer, static_cast<std::size_t>(n));
  }
  line.erase(line.find('\n'));
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

}  // namespace

Result<UniqueFd> ListenLoopback() {
  UniqueFd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!fd) return Error::OsErr("socket: " + ErrnoText(errno));
  sockaddr_in address = LoopbackAddress(0);
  if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
    return Error::OsErr("bind 127.0.0.1:0: " + ErrnoText(errno));
  if (::listen(fd.get(), 64) != 0) return Error::OsErr("listen: " + ErrnoText(errno));
  return fd;
}

Result<UniqueFd> ListenUnix(const std::string& path) {
  UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!fd) return Error::OsErr("socket: " + ErrnoText(errno));
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (path.size() >= sizeof address.sun_path) return Error::OsErr(path + ": path too long");
  path.copy(address.sun_path, path.size());
  ::unlink(path.c_str());
  if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
    return Error::OsErr("bind " + path + ": " + ErrnoText(errno));
  if (::listen(fd.get(), 64) != 0) return Error::OsErr("listen: " + ErrnoText(errno));
  return fd;
}

bool SendAll(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == ENOTSOCK) n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

std::optional<std::string> LoopbackReverseName() {
  sockaddr_in address = LoopbackAddress(0);
  char name[NI_MAXHOST];
  if (::getnameinfo(reinterpret_cast<sockaddr*>(&address), sizeof address, name, sizeof name,
                    nullptr, 0, NI_NAMEREQD) != 0) {
    return std::nullopt;
  }
  return name;
}

uint16_t LocalPort(int fd) {
  sockaddr_in address{};
  socklen_t length = sizeof address;
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) return 0;
  return ntohs(address.sin_port);
}

Result<uint16_t> PickFreePort() {
  auto fd = ListenLoopback();
  if (!fd) return std::move(fd).error();
  return LocalPort(fd->get());
}

Result<UniqueFd> ConnectLoopback(uint16_t port) {
  UniqueFd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!fd) return Error::OsErr("socket: " + ErrnoText(errno));
  sockaddr_in address = LoopbackAddress(port);
  if (::connect(fd.get(), reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
    return Error::IoErr("connect to 127.0.0.1:" + std::to_string(port) + ": " + ErrnoText(errno));
  return fd;
}

Result<std::string> WaitForGreeting(uint16_t port, std::chrono::milliseconds timeout,
                                    const std::function<bool()>& alive) {
  const Clock::time_point deadline = Clock::now() + timeout;
  std::string last_failure = "not tried";
  std::optional<std::string> greeting;
  // Polling a port has no event to wait on; retry soon, bounded by the deadline.
  WaitUntil(
      [&] {
        if (!alive()) {
          last_failure = "server process exited";
          return true;
        }
        auto fd = ConnectLoopback(port);
        if (!fd) {
          last_failure = fd.error().message;
          return false;
        }
        auto line = ReadLine(fd->get(), deadline);
        if (line)
          greeting = std::move(*line);
        else
          last_failure = line.error().message;
        return greeting.has_value();
      },
      timeout);
  if (greeting) return *greeting;
  return Error::TempFail("127.0.0.1:" + std::to_string(port) + ": no greeting within " +
                         std::to_string(timeout.count()) + " ms: " + last_failure);
}

}  // namespace mpop::testing
