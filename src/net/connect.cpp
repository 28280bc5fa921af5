#include "net/connect.hpp"

#include <netdb.h>

#include <utility>

#include "net/socks5.hpp"
#include "net/tcp_connect.hpp"
#include "net/unix_connect.hpp"

namespace mpop::net {
namespace {

bool IsSet(const std::optional<std::string>& value) { return value && !value->empty(); }

std::optional<std::string> NameInfo(const TcpConnection& connection, int flags) {
  char name[NI_MAXHOST];
  if (::getnameinfo(reinterpret_cast<const sockaddr*>(&connection.peer), connection.peer_length,
                    name, sizeof name, nullptr, 0, flags) != 0) {
    return std::nullopt;
  }
  return std::string(name);
}

Result<Connection> ConnectUnixSocket(const ConnectOptions& options) {
  auto fd = ConnectUnix(*options.socket_path, options.timeout, options.abort);
  if (!fd) return std::move(fd).error();
  Connection connection;
  connection.transport =
      std::make_unique<FdTransport>(std::move(*fd), options.timeout, options.abort);
  connection.info.unix_socket = true;
  return connection;
}

Result<Connection> ConnectViaProxy(const ConnectOptions& options,
                                   const std::optional<std::string>& source_ip) {
  auto tcp = ConnectTcp(*options.proxy_host, options.proxy_port, source_ip, options.timeout,
                        options.abort);
  if (!tcp) return std::move(tcp).error();
  Connection connection;
  connection.transport =
      std::make_unique<FdTransport>(std::move(tcp->fd), options.timeout, options.abort);
  MPOP_TRY(Socks5Handshake(*connection.transport, options.host, options.port));
  connection.info.via_proxy = true;
  return connection;
}

Result<Connection> ConnectDirect(const ConnectOptions& options,
                                 const std::optional<std::string>& source_ip) {
  auto tcp = ConnectTcp(options.host, options.port, source_ip, options.timeout, options.abort);
  if (!tcp) return std::move(tcp).error();
  Connection connection;
  connection.info.peer_ip = NameInfo(*tcp, NI_NUMERICHOST);
  if (options.lookup_peer_name) connection.info.peer_reverse_name = NameInfo(*tcp, NI_NAMEREQD);
  connection.transport =
      std::make_unique<FdTransport>(std::move(tcp->fd), options.timeout, options.abort);
  return connection;
}

}  // namespace

Result<Connection> Connect(const ConnectOptions& options) {
  if (IsSet(options.socket_path)) return ConnectUnixSocket(options);
  // An empty setting means "unset", as in the configuration file.
  const auto source_ip = IsSet(options.source_ip) ? options.source_ip : std::nullopt;
  if (IsSet(options.proxy_host)) return ConnectViaProxy(options, source_ip);
  return ConnectDirect(options, source_ip);
}

}  // namespace mpop::net
