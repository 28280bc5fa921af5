#pragma once
// StopSignal: a Sleeper whose waits end early once Stop() is called, so the failure
// delays of sessions do not hold up a shutdown.

#include <chrono>
#include <condition_variable>
#include <mutex>

#include "server/auth_throttle.hpp"

namespace mpop::server {

class StopSignal final : public Sleeper {
 public:
  void SleepFor(std::chrono::milliseconds duration) override {
    std::unique_lock lock(mutex_);
    stopped_cv_.wait_for(lock, duration, [this] { return stopped_; });
  }
  void Stop() {
    {
      std::lock_guard lock(mutex_);
      stopped_ = true;
    }
    stopped_cv_.notify_all();
  }
  bool stopped() {
    std::lock_guard lock(mutex_);
    return stopped_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable stopped_cv_;
  bool stopped_ = false;  // guarded by mutex_
};

}  // namespace mpop::server
