#pragma once
// Listeners where a client's connect() neither succeeds nor fails, for the tests that a
// stop ends a connect at once instead of after its time-out. Both listen with backlog 0
// and fill their one queue place with a connection nobody accepts: the kernel then drops
// further TCP SYNs (the client retries until its own time-out) and makes a blocking unix
// connect() wait. Only 127.0.0.1 and a path under the test's temporary directory are used.

#include <string>

#include "util/result.hpp"
#include "util/unique_fd.hpp"

namespace mpop::testing {

class HangingTcpPort {
 public:
  // Errors: kOsErr naming the failed step.
  static Result<HangingTcpPort> Open();
  int port() const { return port_; }

 private:
  HangingTcpPort(UniqueFd listener, UniqueFd filler, int port)
      : listener_(std::move(listener)), filler_(std::move(filler)), port_(port) {}

  UniqueFd listener_;
  UniqueFd filler_;  // the connection that fills the accept queue
  int port_ = 0;
};

class HangingUnixSocket {
 public:
  // Listens at path (which must not exist). Errors: kOsErr naming the failed step.
  static Result<HangingUnixSocket> Open(const std::string& path);

 private:
  HangingUnixSocket(UniqueFd listener, UniqueFd filler)
      : listener_(std::move(listener)), filler_(std::move(filler)) {}

  UniqueFd listener_;
  UniqueFd filler_;
};

}  // namespace mpop::testing
