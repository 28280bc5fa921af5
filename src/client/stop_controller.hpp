#pragma once
// StopController: turns SIGINT, SIGTERM and SIGHUP into a clean stop of every running
// account. The signals are blocked in all threads and received by one watcher thread
// (sigwait), which sets the stop flag and triggers an abort source
// (net/abort_signal.hpp). Sessions pass abort_signal() to net::Connect, so whatever a
// session waits for on the network (a connect to a host that does not answer, a SOCKS5
// proxy, a TLS handshake, a read or write) ends at once with "operation aborted" instead
// of after the timeout. Only a name lookup cannot be woken; a stop during one is seen
// when it returns. Sessions check stopped() at their checkpoints, never deliver a half
// mail, and keep everything delivered so far recorded.

#include <signal.h>

#include <atomic>
#include <optional>
#include <thread>

#include "net/abort_signal.hpp"

namespace mpop::client {

class StopController {
 public:
  // Blocks the stop signals in the calling thread (and so in every thread it starts later)
  // and starts the watcher thread. Restores the old signal mask on destruction.
  StopController();
  ~StopController();
  StopController(const StopController&) = delete;
  StopController& operator=(const StopController&) = delete;

  bool stopped() const { return stopped_.load(std::memory_order_relaxed); }
  int signal_number() const { return signal_.load(); }
  // Sets stopped() first, then wakes every wait on abort_signal(): a session that sees
  // "operation aborted" also sees stopped(). signal_number 0: not caused by a signal.
  void RequestStop(int signal_number = 0);

  // For net::ConnectOptions::abort; valid while this controller lives. If no descriptor
  // was left for it at start, a signal that never fires: waits then end at their
  // time-outs, and the checkpoints still see stopped().
  net::AbortSignal abort_signal() const { return abort_ ? abort_->signal() : net::AbortSignal(); }

 private:
  void Watch();

  std::atomic<bool> stopped_{false};
  std::atomic<int> signal_{0};
  std::atomic<bool> finished_{false};
  std::optional<net::AbortSource> abort_;
  sigset_t old_mask_;
  std::thread watcher_;
};

}  // namespace mpop::client
