#pragma once
// AuthThrottle: the growing delay after authentication failures, per client address.
//
// After the first failure from an address, each further password check from that address
// waits: 1 s after one failure, then doubling with each failure up to a cap (16 s). Waits
// are handed out as consecutive slots, so parallel connections from one address are
// serialised instead of guessing side by side. No wait exceeds max_wait (20 s): when the
// queue of slots reaches that far, an attempt waits max_wait and is checked then, so a
// burst of guesses from an address can delay its right password but never refuse it
// unchecked; the guesser still gets at most one check per session every max_wait.
// A success resets the address; an address
// with no failure for kForgetAfter is forgotten, which also bounds the memory an attacker
// with many addresses can make us use.
//
// Thread-safe (one mutex beside the data): shared by all session threads. The clock is
// injected so tests need no sleeps; the actual waiting is the caller's (Sleeper).

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace mpop::server {

class AuthThrottle {
 public:
  using Clock = std::chrono::steady_clock;
  using Now = std::function<Clock::time_point()>;

  struct Options {
    std::chrono::milliseconds first_delay{1000};
    std::chrono::milliseconds max_delay{16000};
    std::chrono::milliseconds forget_after{15 * 60 * 1000};
    std::chrono::milliseconds max_wait{20 * 1000};
    std::size_t max_addresses = 10000;  // beyond this, forgotten entries are dropped first
  };

  explicit AuthThrottle(Options options, Now now = Clock::now);
  AuthThrottle(const AuthThrottle&) = delete;
  AuthThrottle& operator=(const AuthThrottle&) = delete;

  // How long the caller must wait before checking a password from `address` (at most
  // max_wait); reserves that slot. Zero for an address without recent failures.
  std::chrono::milliseconds Admit(std::string_view address);
  void RecordFailure(std::string_view address);
  void RecordSuccess(std::string_view address);

  // The delay the next Admit adds for `address` (0 without failures): for logs and tests.
  std::chrono::milliseconds CurrentDelay(std::string_view address);

 private:
  struct Entry {
    int failures = 0;
    Clock::time_point last_failure{};
    Clock::time_point next_slot{};  // the earliest time the next check may happen
  };

  std::chrono::milliseconds DelayAfter(int failures) const;
  void Prune(Clock::time_point now);  // requires mutex_

  const Options options_;
  const Now now_;
  std::mutex mutex_;
  std::map<std::string, Entry, std::less<>> entries_;  // guarded by mutex_
};

// Sleeper: waits for a duration; production waits can be cut short by shutdown.
class Sleeper {
 public:
  virtual ~Sleeper() = default;
  virtual void SleepFor(std::chrono::milliseconds duration) = 0;
};

}  // namespace mpop::server
