#pragma once
// Clock: the time and the waiting of the OAuth2 code, behind an interface so tests run the
// device flow's polling and token expiry without waiting (a fake clock that jumps).

#include <chrono>

#include "net/abort_signal.hpp"
#include "util/result.hpp"

namespace mpop::oauth2 {

using TimePoint = std::chrono::system_clock::time_point;

class Clock {
 public:
  virtual ~Clock() = default;
  // Wall-clock time: token expiry is stored as a date, to be read by a later run.
  virtual TimePoint Now() const = 0;
  // Waits for `duration`. Errors: kTempFail "interrupted" when asked to stop.
  virtual Status Wait(std::chrono::milliseconds duration) = 0;
};

// The system clock; Wait() sleeps in poll() on the abort signal, so a stop ends it at once.
class SystemClock : public Clock {
 public:
  explicit SystemClock(net::AbortSignal abort = {}) : abort_(abort) {}
  TimePoint Now() const override;
  Status Wait(std::chrono::milliseconds duration) override;

 private:
  net::AbortSignal abort_;
};

}  // namespace mpop::oauth2
