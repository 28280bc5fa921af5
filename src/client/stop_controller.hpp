#pragma once
// StopController: turns SIGINT, SIGTERM and SIGHUP into a clean stop of every running
// account. The signals are blocked in all threads and received by one watcher thread
// (sigwait), which sets the stop flag and shuts down the sockets of the running sessions,
// so a session blocked in a read wakes at once instead of after the network timeout.
// Sessions check stopped() at their checkpoints, never deliver a half mail, and keep
// everything delivered so far recorded.

#include <signal.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>

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
  void RequestStop(int signal_number = 0);

  // While registered, fd is shut down (not closed: its owner closes it) on a stop.
  class Registration {
   public:
    Registration(StopController& controller, int fd);
    ~Registration();
    Registration(const Registration&) = delete;
    Registration& operator=(const Registration&) = delete;

   private:
    StopController& controller_;
    int fd_;
  };

 private:
  void Watch();

  std::atomic<bool> stopped_{false};
  std::atomic<int> signal_{0};
  std::atomic<bool> finished_{false};
  std::mutex mutex_;
  std::set<int> fds_;  // guarded by mutex_
  sigset_t old_mask_;
  std::thread watcher_;
};

}  // namespace mpop::client
