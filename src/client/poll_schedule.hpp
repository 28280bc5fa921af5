#pragma once
// PollSchedule: when mpop --poll (client/poll_loop.hpp) polls each account next. Pure
// logic on an injected time (every call takes `now`) and an injected random source, so
// tests drive it with a fake clock.
//
// After each poll of an account it picks the next one from the account's report:
//   - success: after poll_interval;
//   - a login refused with [LOGIN-DELAY] or [IN-USE], and the temporary failures
//     (IsTemporary): after a back-off that starts at a sixteenth of the interval (at least
//     one second) and doubles with each failure in a row, capped at the interval;
//   - any other failure (authentication, configuration, TLS trust, protocol...): after
//     the interval, as if it had worked.
// Every wait is lengthened by a random jitter of 0 to 10%, never shortened, so that many
// clients started at once spread out and none polls more often than asked. The server's
// LOGIN-DELAY (RFC 2449 section 6.8, the last value it announced) is a floor: no poll of
// the account starts sooner than that after the end of its previous session (the end,
// not the login, so the floor errs on the safe side), not even one asked for by SIGUSR1.
//
// `time_divisor` divides every duration (interval, back-off, LOGIN-DELAY): the tests run
// a 1-second interval a thousand times faster (MPOP_TEST_POLL_DIVISOR, poll_loop.hpp).

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "client/account_report.hpp"

namespace mpop::client {

using PollClock = std::chrono::steady_clock;

enum class PollOutcome {
  kOk,         // the poll worked
  kRefused,    // the login was refused with [LOGIN-DELAY] or [IN-USE]: come back later
  kTemporary,  // a failure that may go away by itself: back off and retry
  kPermanent,  // a failure that needs someone to act: retry at the interval
};

// EX_TEMPFAIL (75: connection refused, a server's temporary error, a stop), EX_IOERR (74:
// connection lost, time-out), EX_NOHOST (68: name lookup failed, e.g. no network yet) and
// EX_OSERR (71: out of descriptors or processes) are temporary; every other code is
// permanent (doc/COMPAT.md 7.10).
bool IsTemporary(ExitCode code);
PollOutcome ClassifyPoll(const AccountReport& report);

struct PollScheduleOptions {
  double jitter = 0.1;            // the largest jitter, as a fraction of the wait
  std::int64_t time_divisor = 1;  // see above; 1 in real use
  // Uniform in [0, 1); the jitter's source.
  std::function<double()> random{};
};

class PollSchedule {
 public:
  // One entry per account: its name (the key across reloads) and poll_interval. Every
  // account is due at `now`.
  struct Entry {
    std::string name;
    std::int64_t interval_seconds = 0;
  };
  PollSchedule(const std::vector<Entry>& accounts, PollClock::time_point now,
               PollScheduleOptions options);

  std::size_t size() const { return states_.size(); }
  // The accounts due at `now`, in the order given.
  std::vector<std::size_t> Due(PollClock::time_point now) const;
  // When the next account is due.
  PollClock::time_point NextDue() const;
  PollClock::time_point due(std::size_t index) const { return states_[index].due; }
  // How the account's last poll went; nullopt before its first.
  std::optional<PollOutcome> last_outcome(std::size_t index) const { return states_[index].last; }

  // Records a poll of account `index` that ended at `ended`; returns what it counted as.
  PollOutcome Record(std::size_t index, const AccountReport& report, PollClock::time_point ended);
  // SIGUSR1: every account is due now, or at its LOGIN-DELAY floor if that is later.
  void PollAllNow(PollClock::time_point now);
  // SIGHUP with a new configuration: accounts keep their state by name (a shorter
  // interval brings their next poll forward), new ones are due at once, gone ones go.
  void Replace(const std::vector<Entry>& accounts, PollClock::time_point now);

 private:
  struct State {
    std::string name;
    PollClock::duration interval{};
    PollClock::time_point due{};
    std::optional<PollClock::time_point> floor;  // earliest next login (LOGIN-DELAY)
    std::optional<PollClock::duration> login_delay;
    std::optional<PollClock::time_point> last_end;
    int failures_in_row = 0;
    std::optional<PollOutcome> last;
  };

  PollClock::duration Scaled(std::chrono::seconds seconds) const;
  PollClock::duration Jittered(PollClock::duration wait) const;
  PollClock::duration Backoff(const State& state) const;
  State MakeState(const Entry& entry, PollClock::time_point now) const;

  PollScheduleOptions options_;
  std::vector<State> states_;
};

}  // namespace mpop::client
