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
//
// In poll mode (mpop --poll, client/poll_loop.hpp) only SIGINT and SIGTERM stop; SIGHUP
// asks to re-read the configuration and SIGUSR1 to poll every account now. Those two
// requests wake WaitForRequest() and never abort what runs.

#include <signal.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

#include "net/abort_signal.hpp"

namespace mpop::client {

enum class SignalMode {
  kStop,  // every run but --poll: SIGINT, SIGTERM and SIGHUP stop
  kPoll,  // --poll: SIGINT, SIGTERM stop; SIGHUP reloads; SIGUSR1 polls now
};

// What signals asked for since the poll loop last looked (poll mode).
struct SignalRequests {
  bool stop = false;
  bool reload = false;    // SIGHUP
  bool poll_now = false;  // SIGUSR1
};

class StopController {
 public:
  // Blocks the mode's signals in the calling thread (and so in every thread it starts
  // later) and starts the watcher thread. Restores the old signal mask on destruction.
  explicit StopController(SignalMode mode = SignalMode::kStop);
  ~StopController();
  StopController(const StopController&) = delete;
  StopController& operator=(const StopController&) = delete;

  bool stopped() const { return stopped_.load(std::memory_order_relaxed); }
  int signal_number() const { return signal_.load(); }
  // Sets stopped() first, then wakes every wait on abort_signal(): a session that sees
  // "operation aborted" also sees stopped(). signal_number 0: not caused by a signal.
  void RequestStop(int signal_number = 0);
  // What SIGHUP and SIGUSR1 do in poll mode (tests call them directly).
  void RequestReload();
  void RequestPollNow();

  // Poll mode: waits until a stop, reload or poll-now request is pending or `deadline`
  // has passed, and returns the pending requests; the reload and poll-now requests are
  // then cleared (a stop stays).
  SignalRequests WaitForRequest(std::chrono::steady_clock::time_point deadline);

  // For net::ConnectOptions::abort; valid while this controller lives. If no descriptor
  // was left for it at start, a signal that never fires: waits then end at their
  // time-outs, and the checkpoints still see stopped().
  net::AbortSignal abort_signal() const { return abort_ ? abort_->signal() : net::AbortSignal(); }

 private:
  void Watch();
  void Notify(bool SignalRequests::*request);

  const SignalMode mode_;
  std::atomic<bool> stopped_{false};
  std::atomic<int> signal_{0};
  std::atomic<bool> finished_{false};
  std::optional<net::AbortSource> abort_;
  std::mutex mutex_;
  std::condition_variable wake_;
  SignalRequests pending_;  // guarded by mutex_
  sigset_t old_mask_;
  std::thread watcher_;
};

}  // namespace mpop::client
