#pragma once
// Connect: opens the connection of one session (doc/COMPAT.md 1.1 step 2): a unix socket if
// socket_path is set, else through a SOCKS5 proxy if proxy_host is set, else direct TCP.
// The result is a plain byte stream; TLS, when wanted, is layered on top by the caller.

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "net/abort_signal.hpp"
#include "net/fd_transport.hpp"
#include "util/result.hpp"

namespace mpop::net {

struct ConnectOptions {
  std::string host;  // as configured; may be an IDN, converted here
  int port = 110;
  std::optional<std::string> source_ip;   // numeric; bound before connecting (also to the proxy)
  std::optional<std::string> proxy_host;  // SOCKS5; resolved locally, the target is not
  int proxy_port = 1080;
  std::optional<std::string> socket_path;  // overrides host/port and the proxy
  // Bounds each connect attempt, and is the idle timeout of the returned transport
  // (for unix sockets too). nullopt: no timeout.
  std::optional<std::chrono::milliseconds> timeout = std::chrono::seconds(180);
  // Look up the server's name for the Received header (direct TCP only). Costs a
  // reverse DNS query; callers that never write a Received header can skip it.
  bool lookup_peer_name = true;
  // Ends the connect, the SOCKS5 handshake and every wait of the returned transport at
  // once when it fires ("operation aborted"); not the name lookups (net/abort_signal.hpp).
  AbortSignal abort;

  bool operator==(const ConnectOptions&) const = default;
};

// What the Received header (doc/COMPAT.md 3.6) needs to know about the connection.
struct ConnectionInfo {
  std::optional<std::string> peer_ip;  // numeric address connected to; direct TCP only
  // getnameinfo(NI_NAMEREQD) of that address; unset if it has no name, the lookup was
  // skipped, or the connection is not direct TCP.
  std::optional<std::string> peer_reverse_name;
  bool via_proxy = false;
  bool unix_socket = false;

  bool operator==(const ConnectionInfo&) const = default;
};

struct Connection {
  std::unique_ptr<FdTransport> transport;
  ConnectionInfo info;
};

// Errors (codes per doc/COMPAT.md 7.10):
//   kNoHost    "cannot locate host H: Name or service not known" (also proxy host, IDN)
//   kTempFail  "cannot locate host H: Temporary failure in name resolution",
//              "cannot connect to H, port P: Connection refused" (timeouts, unreachable,
//              "operation aborted"), "cannot connect to SOCKET: No such file or directory"
//   kOsErr     "cannot create socket: ...", "cannot bind source IP S: ..."
//   kUnavailable "SOCKS proxy: connection refused by destination host" and other refusals
//   kIoErr     "SOCKS proxy: network read error: the operation timed out" and the like
Result<Connection> Connect(const ConnectOptions& options);

}  // namespace mpop::net
