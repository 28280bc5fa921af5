#include "support/hanging_listener.hpp"

#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <cerrno>
#include <cstring>

namespace mpop::testing {
namespace {

Error Failed(const std::string& what) { return Error::OsErr(what + ": " + ErrnoText(errno)); }

}  // namespace

Result<HangingTcpPort> HangingTcpPort::Open() {
  UniqueFd listener(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!listener) return Failed("socket");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (::bind(listener.get(), reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    return Failed("bind 127.0.0.1");
  }
  if (::listen(listener.get(), 0) != 0) return Failed("listen");
  if (::getsockname(listener.get(), reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    return Failed("getsockname");
  }
  UniqueFd filler(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!filler) return Failed("socket");
  // Blocking: on loopback the handshake is over when connect() returns, so the queue is
  // full from here on.
  if (::connect(filler.get(), reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    return Failed("connect to fill the accept queue");
  }
  return HangingTcpPort(std::move(listener), std::move(filler), ntohs(address.sin_port));
}

Result<HangingUnixSocket> HangingUnixSocket::Open(const std::string& path) {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (path.size() >= sizeof address.sun_path) {
    errno = ENAMETOOLONG;
    return Failed(path);
  }
  std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
  UniqueFd listener(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!listener) return Failed("socket");
  if (::bind(listener.get(), reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    return Failed("bind " + path);
  }
  if (::listen(listener.get(), 0) != 0) return Failed("listen");
  UniqueFd filler(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!filler) return Failed("socket");
  if (::connect(filler.get(), reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    return Failed("connect to fill the backlog");
  }
  return HangingUnixSocket(std::move(listener), std::move(filler));
}

}  // namespace mpop::testing
