#pragma once
// ConnectTcp: the direct TCP connection used for the POP3 server itself and for the
// SOCKS proxy. Connect() in net/connect.hpp is the public entry point; this is its part
// that resolves, binds and connects.

#include <sys/socket.h>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "net/abort_signal.hpp"
#include "util/result.hpp"
#include "util/unique_fd.hpp"

namespace mpop::net {

struct TcpConnection {
  UniqueFd fd;              // connected, non-blocking
  sockaddr_storage peer{};  // the address that answered
  socklen_t peer_length = 0;
};

// Resolves host (converted to ASCII first if it is an IDN; IPv4 and IPv6 in getaddrinfo
// order) and connects to each address in turn until one answers, each attempt bounded by
// timeout. source_ip, if set, is a numeric address bound before connecting; addresses of
// the other family are skipped. Messages name host as the caller spelled it.
// Errors: kNoHost "cannot locate host H: <reason>" (EAI_AGAIN: kTempFail);
// kTempFail "cannot connect to H, port P: <reason>" (refused, unreachable, timed out,
// "operation aborted" once abort fires); kOsErr "cannot create socket: ..." and
// "cannot bind source IP S: <reason>". abort ends the connect waits at once, but not the
// name lookup: getaddrinfo() cannot be woken, so a stop during it waits for its answer.
Result<TcpConnection> ConnectTcp(std::string_view host, int port,
                                 const std::optional<std::string>& source_ip,
                                 std::optional<std::chrono::milliseconds> timeout,
                                 AbortSignal abort);

}  // namespace mpop::net
