#include "client/stop_controller.hpp"

#include <pthread.h>
#include <time.h>

namespace mpop::client {
namespace {

sigset_t WatchedSignals(SignalMode mode) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  if (mode == SignalMode::kPoll) sigaddset(&set, SIGUSR1);
  return set;
}

}  // namespace

StopController::StopController(SignalMode mode) : mode_(mode) {
  Result<net::AbortSource> abort = net::AbortSource::Create();
  if (abort) abort_.emplace(std::move(*abort));
  sigset_t set = WatchedSignals(mode_);
  pthread_sigmask(SIG_BLOCK, &set, &old_mask_);
  watcher_ = std::thread([this] { Watch(); });
}

StopController::~StopController() {
  finished_ = true;
  // Wakes the watcher at once (a signal sent to that thread stays pending until its
  // sigwait takes it, so the wake-up cannot be lost); polling would make every run end
  // on the poll's tick.
  pthread_kill(watcher_.native_handle(), SIGHUP);
  watcher_.join();
  if (mode_ == SignalMode::kPoll) {
    // A SIGHUP or SIGUSR1 that came after the watcher's last wait would kill the process
    // once unblocked (their default action), after a clean stop: take them here.
    const sigset_t set = WatchedSignals(mode_);
    const timespec now{};
    while (sigtimedwait(&set, nullptr, &now) > 0) {
    }
  }
  pthread_sigmask(SIG_SETMASK, &old_mask_, nullptr);
}

void StopController::Watch() {
  const sigset_t set = WatchedSignals(mode_);
  while (true) {
    int signal_number = 0;
    if (sigwait(&set, &signal_number) != 0) continue;
    // The destructor's wake-up, or a signal at the very end, when every session is over.
    if (finished_) return;
    if (mode_ == SignalMode::kPoll && signal_number == SIGHUP) {
      RequestReload();
    } else if (mode_ == SignalMode::kPoll && signal_number == SIGUSR1) {
      RequestPollNow();
    } else {
      RequestStop(signal_number);
    }
  }
}

void StopController::RequestStop(int signal_number) {
  signal_ = signal_number;
  stopped_ = true;
  if (abort_) abort_->Trigger();
  Notify(&SignalRequests::stop);
}

void StopController::RequestReload() { Notify(&SignalRequests::reload); }

void StopController::RequestPollNow() { Notify(&SignalRequests::poll_now); }

void StopController::Notify(bool SignalRequests::*request) {
  {
    std::lock_guard lock(mutex_);
    pending_.*request = true;
  }
  wake_.notify_all();
}

SignalRequests StopController::WaitForRequest(std::chrono::steady_clock::time_point deadline) {
  std::unique_lock lock(mutex_);
  wake_.wait_until(lock, deadline,
                   [&] { return pending_.stop || pending_.reload || pending_.poll_now; });
  SignalRequests requests = pending_;
  pending_.reload = false;
  pending_.poll_now = false;
  return requests;
}

}  // namespace mpop::client
