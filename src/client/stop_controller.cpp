#include "client/stop_controller.hpp"

#include <pthread.h>

namespace mpop::client {
namespace {

sigset_t StopSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  return set;
}

}  // namespace

StopController::StopController() {
  Result<net::AbortSource> abort = net::AbortSource::Create();
  if (abort) abort_.emplace(std::move(*abort));
  sigset_t set = StopSignals();
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
  pthread_sigmask(SIG_SETMASK, &old_mask_, nullptr);
}

void StopController::Watch() {
  const sigset_t set = StopSignals();
  while (true) {
    int signal_number = 0;
    if (sigwait(&set, &signal_number) != 0) continue;
    // The destructor's wake-up, or a signal at the very end, when every session is over.
    if (finished_) return;
    RequestStop(signal_number);
  }
}

void StopController::RequestStop(int signal_number) {
  signal_ = signal_number;
  stopped_ = true;
  if (abort_) abort_->Trigger();
}

}  // namespace mpop::client
