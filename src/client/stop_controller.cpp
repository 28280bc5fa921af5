#include "client/stop_controller.hpp"

#include <pthread.h>
#include <sys/socket.h>

#include <ctime>

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
  sigset_t set = StopSignals();
  pthread_sigmask(SIG_BLOCK, &set, &old_mask_);
  watcher_ = std::thread([this] { Watch(); });
}

StopController::~StopController() {
  finished_ = true;
  watcher_.join();
  pthread_sigmask(SIG_SETMASK, &old_mask_, nullptr);
}

void StopController::Watch() {
  const sigset_t set = StopSignals();
  const timespec tick = {0, 100'000'000};  // re-check finished_ ten times a second
  while (!finished_) {
    int signal_number = sigtimedwait(&set, nullptr, &tick);
    if (signal_number > 0) RequestStop(signal_number);
  }
}

void StopController::RequestStop(int signal_number) {
  signal_ = signal_number;
  stopped_ = true;
  std::lock_guard lock(mutex_);
  for (int fd : fds_) ::shutdown(fd, SHUT_RDWR);
}

StopController::Registration::Registration(StopController& controller, int fd)
    : controller_(controller), fd_(fd) {
  std::lock_guard lock(controller_.mutex_);
  controller_.fds_.insert(fd_);
  if (controller_.stopped()) ::shutdown(fd_, SHUT_RDWR);
}

StopController::Registration::~Registration() {
  std::lock_guard lock(controller_.mutex_);
  controller_.fds_.erase(fd_);
}

}  // namespace mpop::client
