#include "net/tcp_connect.hpp"

#include <netdb.h>
#include <poll.h>

#include <cerrno>
#include <cstring>

#include "net/idn.hpp"
#include "net/poll_fd.hpp"
#include "util/c_handle.hpp"
#include "util/i18n.hpp"

namespace mpop::net {
namespace {

using AddrInfoList = CHandle<addrinfo, freeaddrinfo>;

Error ConnectError(std::string_view host, int port, std::string_view reason) {
  return Error::TempFail(TrFormat("cannot connect to {}, port {}: {}", host, port, reason));
}

Result<AddrInfoList> Resolve(std::string_view host, int port) {
  auto ascii = ToAsciiHost(host);
  if (!ascii) return std::move(ascii).error();
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV;
  addrinfo* list = nullptr;
  const std::string service = std::to_string(port);
  int rc = ::getaddrinfo(ascii->c_str(), service.c_str(), &hints, &list);
  if (rc == 0) return AddrInfoList(list);
  std::string reason = rc == EAI_SYSTEM ? ErrnoText(errno) : ::gai_strerror(rc);
  std::string message = TrFormat("cannot locate host {}: {}", host, reason);
  if (rc == EAI_AGAIN) return Error::TempFail(std::move(message));
  return Error::NoHost(std::move(message));
}

Result<AddrInfoList> ParseSourceIp(const std::string& source_ip) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICHOST | AI_PASSIVE;
  addrinfo* list = nullptr;
  int rc = ::getaddrinfo(source_ip.c_str(), nullptr, &hints, &list);
  if (rc != 0) {
    return Error::OsErr(
        TrFormat("cannot bind source IP {}: not a numeric IPv4 or IPv6 address", source_ip));
  }
  return AddrInfoList(list);
}

// FinishConnect's result when the abort signal ended the wait.
constexpr int kConnectAborted = -1;

// Waits for a non-blocking connect() to finish; returns 0, the errno it failed with, or
// kConnectAborted.
int FinishConnect(int fd, std::optional<std::chrono::milliseconds> timeout, AbortSignal abort) {
  PollOutcome outcome = PollFd(fd, POLLOUT, timeout, abort);
  switch (outcome.status) {
    case PollStatus::kReady: {
      int error = 0;
      socklen_t length = sizeof error;
      if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0) return errno;
      return error;
    }
    case PollStatus::kTimedOut:
      return ETIMEDOUT;
    case PollStatus::kAborted:
      return kConnectAborted;
    case PollStatus::kFailed:
      break;
  }
  return outcome.error;
}

}  // namespace

Result<TcpConnection> ConnectTcp(std::string_view host, int port,
                                 const std::optional<std::string>& source_ip,
                                 std::optional<std::chrono::milliseconds> timeout,
                                 AbortSignal abort) {
  auto targets = Resolve(host, port);
  if (!targets) return std::move(targets).error();
  AddrInfoList source;
  if (source_ip) {
    auto parsed = ParseSourceIp(*source_ip);
    if (!parsed) return std::move(parsed).error();
    source = std::move(*parsed);
  }
  std::optional<Error> error;
  for (const addrinfo* target = targets->get(); target; target = target->ai_next) {
    if (source && source->ai_family != target->ai_family) {
      if (!error) {
        error = Error::OsErr(
            TrFormat("cannot bind source IP {}: host {} has no address of the same IP version",
                     *source_ip, host));
      }
      continue;
    }
    UniqueFd fd(::socket(target->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
                         target->ai_protocol));
    if (!fd) {
      // A kernel without IPv6 refuses the family; the next address may be IPv4.
      error = Error::OsErr(TrFormat("cannot create socket: {}", ErrnoText(errno)));
      if (errno == EAFNOSUPPORT) continue;
      return *std::move(error);
    }
    if (source && ::bind(fd.get(), source->ai_addr, source->ai_addrlen) != 0) {
      return Error::OsErr(TrFormat("cannot bind source IP {}: {}", *source_ip, ErrnoText(errno)));
    }
    int failure = 0;
    if (::connect(fd.get(), target->ai_addr, target->ai_addrlen) != 0) {
      failure = errno == EINPROGRESS ? FinishConnect(fd.get(), timeout, abort) : errno;
    }
    if (failure == kConnectAborted) return ConnectError(host, port, "operation aborted");
    if (failure != 0) {
      error = ConnectError(host, port, ErrnoText(failure));
      continue;
    }
    TcpConnection connection;
    connection.fd = std::move(fd);
    std::memcpy(&connection.peer, target->ai_addr, target->ai_addrlen);
    connection.peer_length = target->ai_addrlen;
    return connection;
  }
  if (!error) error = Error::NoHost(TrFormat("cannot locate host {}", host));
  return *std::move(error);
}

}  // namespace mpop::net
