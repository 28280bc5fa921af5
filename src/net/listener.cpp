#include "net/listener.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include "util/i18n.hpp"

namespace mpop::net {
namespace {

struct SocketAddress {
  sockaddr_storage storage{};
  socklen_t length = 0;
  const sockaddr* get() const { return reinterpret_cast<const sockaddr*>(&storage); }
};

std::optional<SocketAddress> ParseAddress(const std::string& address, int port) {
  SocketAddress result;
  auto* v4 = reinterpret_cast<sockaddr_in*>(&result.storage);
  if (::inet_pton(AF_INET, address.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(static_cast<uint16_t>(port));
    result.length = sizeof(sockaddr_in);
    return result;
  }
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&result.storage);
  if (::inet_pton(AF_INET6, address.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(static_cast<uint16_t>(port));
    result.length = sizeof(sockaddr_in6);
    return result;
  }
  return std::nullopt;
}

PeerAddress ToPeerAddress(const sockaddr_storage& storage) {
  char text[INET6_ADDRSTRLEN] = "";
  PeerAddress peer;
  if (storage.ss_family == AF_INET) {
    const auto& v4 = reinterpret_cast<const sockaddr_in&>(storage);
    ::inet_ntop(AF_INET, &v4.sin_addr, text, sizeof text);
    peer.port = ntohs(v4.sin_port);
  } else if (storage.ss_family == AF_INET6) {
    const auto& v6 = reinterpret_cast<const sockaddr_in6&>(storage);
    ::inet_ntop(AF_INET6, &v6.sin6_addr, text, sizeof text);
    peer.port = ntohs(v6.sin6_port);
  }
  peer.ip = text;
  return peer;
}

}  // namespace

Result<Listener> Listener::Open(std::string_view address, int port, int backlog) {
  const std::string address_string(address);
  auto parsed = ParseAddress(address_string, port);
  if (!parsed) {
    return Error::Usage(TrFormat("invalid listening address {}: not a numeric IPv4 or IPv6 address",
                                 address_string));
  }
  auto fail = [&](int error) {
    return Error::OsErr(
        TrFormat("cannot listen on {} port {}: {}", address_string, port, ErrnoText(error)));
  };
  const int family = parsed->storage.ss_family;
  // Non-blocking, so that accept() cannot hang on a connection dropped after poll().
  UniqueFd fd(::socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (!fd) return fail(errno);
  const int on = 1;
  ::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  // "::1" should not also take the IPv4 side of the port.
  if (family == AF_INET6) ::setsockopt(fd.get(), IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on);
  if (::bind(fd.get(), parsed->get(), parsed->length) != 0) return fail(errno);
  if (::listen(fd.get(), backlog) != 0) return fail(errno);
  sockaddr_storage bound{};
  socklen_t length = sizeof bound;
  if (::getsockname(fd.get(), reinterpret_cast<sockaddr*>(&bound), &length) != 0) {
    return fail(errno);
  }
  return Listener(std::move(fd), ToPeerAddress(bound).port);
}

Result<std::optional<AcceptedConnection>> Listener::Accept(
    std::optional<std::chrono::milliseconds> timeout, AbortSignal abort) {
  PollOutcome outcome = PollFd(fd_.get(), POLLIN, timeout, abort);
  if (outcome.status == PollStatus::kTimedOut || outcome.status == PollStatus::kAborted) {
    return std::optional<AcceptedConnection>();
  }
  if (outcome.status == PollStatus::kFailed) {
    return Error::OsErr(TrFormat("cannot accept connection: {}", ErrnoText(outcome.error)));
  }
  sockaddr_storage peer{};
  socklen_t length = sizeof peer;
  // No SOCK_NONBLOCK: the accepted socket is blocking whatever the listener is.
  int fd = ::accept4(fd_.get(), reinterpret_cast<sockaddr*>(&peer), &length, SOCK_CLOEXEC);
  if (fd < 0) {
    if (errno == EINTR || errno == ECONNABORTED || errno == EAGAIN) {
      return std::optional<AcceptedConnection>();
    }
    return Error::OsErr(TrFormat("cannot accept connection: {}", ErrnoText(errno)));
  }
  return std::optional<AcceptedConnection>(AcceptedConnection{UniqueFd(fd), ToPeerAddress(peer)});
}

}  // namespace mpop::net
