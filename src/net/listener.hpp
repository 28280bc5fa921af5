#pragma once
// Listener: a listening TCP socket for mpopd (and for tests that need a server).

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "net/poll_fd.hpp"
#include "util/result.hpp"
#include "util/unique_fd.hpp"

namespace mpop::net {

struct PeerAddress {
  std::string ip;  // numeric, e.g. "127.0.0.1" or "::1"
  int port = 0;

  bool operator==(const PeerAddress&) const = default;
};

struct AcceptedConnection {
  UniqueFd fd;  // blocking, close-on-exec; wrap it in an FdTransport
  PeerAddress peer;
};

class Listener {
 public:
  // Binds to the numeric IPv4 or IPv6 address and port (0: the kernel picks one, see
  // port()) with SO_REUSEADDR and listens. IPv6 addresses listen on IPv6 only.
  // Errors: kUsage "invalid listening address A: not a numeric IPv4 or IPv6 address";
  // kOsErr "cannot listen on A port P: <reason>" (e.g. "Address already in use").
  static Result<Listener> Open(std::string_view address, int port, int backlog = 128);

  // Listens on 127.0.0.1 with a port the kernel picks: what tests use.
  static Result<Listener> OpenLoopback() { return Open("127.0.0.1", 0); }

  Listener(Listener&&) = default;
  Listener& operator=(Listener&&) = default;

  // Waits up to timeout (nullopt: forever) for a connection. Returns nullopt when the
  // time passed, abort fired (so an accept loop can look at why), or the client gave up
  // before accept().
  // Errors: kOsErr "cannot accept connection: <reason>" (e.g. out of descriptors).
  Result<std::optional<AcceptedConnection>> Accept(std::optional<std::chrono::milliseconds> timeout,
                                                   AbortSignal abort = {});

  int port() const { return port_; }
  int fd() const { return fd_.get(); }

 private:
  Listener(UniqueFd fd, int port) : fd_(std::move(fd)), port_(port) {}

  UniqueFd fd_;
  int port_ = 0;
};

}  // namespace mpop::net
