#pragma once
// DelayProxy: a TCP proxy on 127.0.0.1 that adds latency, for the pipelining benchmark and
// the round-trip tests.
//
// Each accepted connection is forwarded to 127.0.0.1:target_port, full duplex. Every chunk
// the proxy reads (one read() of up to 64 KiB) is written to the other side `delay` after
// it was read, in order; end of stream is forwarded the same way (shutdown(SHUT_WR) after
// the delay). So one request/response exchange costs at least 2 * delay. All connections
// are served by one thread with poll(); the destructor stops it and closes everything.
//
// Round trips (per connection, summed in round_trips()): the number of times the proxy
// reads client->server bytes when it has read server->client bytes since the previous
// client->server bytes. Times are those of the proxy's reads (before the delay). For POP3,
// whose server speaks first, a session "greeting, USER, PASS, STAT, QUIT" without
// pipelining counts 4; a client that sends all four commands in one write counts 1. A
// pipelining client that keeps sending while replies come in counts one round trip per
// burst the proxy happens to read after some reply bytes: an upper bound on the
// latency-bound turns, exact for a client that waits for each reply.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <thread>

#include "util/result.hpp"
#include "util/unique_fd.hpp"

namespace mpop::testing {

struct DelayProxyOptions {
  uint16_t target_port = 0;
  std::chrono::milliseconds delay{25};
};

class DelayProxy {
 public:
  // Listens on 127.0.0.1 (kernel-chosen port) and starts the thread. Errors: kOsErr.
  static Result<std::unique_ptr<DelayProxy>> Start(DelayProxyOptions options);

  ~DelayProxy();
  DelayProxy(const DelayProxy&) = delete;
  DelayProxy& operator=(const DelayProxy&) = delete;

  uint16_t port() const { return port_; }
  std::chrono::milliseconds delay() const { return options_.delay; }
  // Round trips over all connections so far (see above).
  int round_trips() const { return round_trips_.load(); }
  // Connections accepted so far.
  int connections() const { return connections_.load(); }
  // Sets both counters to 0, e.g. after a warm-up session.
  void ResetCounters();

 private:
  DelayProxy(DelayProxyOptions options, UniqueFd listener, UniqueFd wake);
  void Serve();

  DelayProxyOptions options_;
  UniqueFd listener_;
  UniqueFd wake_;  // eventfd: written by the destructor to stop the thread
  uint16_t port_ = 0;
  std::atomic<int> round_trips_{0};
  std::atomic<int> connections_{0};
  std::thread thread_;
};

}  // namespace mpop::testing
