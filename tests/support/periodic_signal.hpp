#pragma once
// PeriodicSignal: while it lives, a per-thread timer sends SIGUSR1 every 10 ms to the
// thread that made it, with a handler installed without SA_RESTART (as app/ installs its
// own), so blocking calls in that thread see EINTR. For the tests of net/ that check a
// signal alone neither aborts a wait nor shortens its time-out.

#include <signal.h>
#include <time.h>
#include <unistd.h>

namespace mpop::testing {

class PeriodicSignal {
 public:
  PeriodicSignal() {
    struct sigaction action {};
    action.sa_handler = [](int) {};
    ::sigemptyset(&action.sa_mask);
    ::sigaction(SIGUSR1, &action, &old_action_);
    sigevent event{};
    event.sigev_notify = SIGEV_THREAD_ID;
    event.sigev_signo = SIGUSR1;
    event._sigev_un._tid = ::gettid();
    created_ = ::timer_create(CLOCK_MONOTONIC, &event, &timer_) == 0;
    const itimerspec every_10ms{{0, 10'000'000}, {0, 10'000'000}};
    if (created_) ::timer_settime(timer_, 0, &every_10ms, nullptr);
  }
  ~PeriodicSignal() {
    if (created_) ::timer_delete(timer_);
    ::sigaction(SIGUSR1, &old_action_, nullptr);
  }
  PeriodicSignal(const PeriodicSignal&) = delete;
  PeriodicSignal& operator=(const PeriodicSignal&) = delete;

  bool ok() const { return created_; }

 private:
  struct sigaction old_action_ {};
  timer_t timer_{};
  bool created_ = false;
};

}  // namespace mpop::testing
