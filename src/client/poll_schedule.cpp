#include "client/poll_schedule.hpp"

#include <algorithm>
#include <cassert>

namespace mpop::client {
namespace {

// The first retry after a temporary failure waits this fraction of the interval.
constexpr int kFirstBackoffDivisor = 16;

}  // namespace

bool IsTemporary(ExitCode code) {
  switch (code) {
    case ExitCode::kTempFail:
    case ExitCode::kIoErr:
    case ExitCode::kNoHost:
    case ExitCode::kOsErr:
      return true;
    default:
      return false;
  }
}

PollOutcome ClassifyPoll(const AccountReport& report) {
  if (report.code == ExitCode::kOk) return PollOutcome::kOk;
  if (report.refused_login_delay || report.refused_in_use) return PollOutcome::kRefused;
  return IsTemporary(report.code) ? PollOutcome::kTemporary : PollOutcome::kPermanent;
}

PollSchedule::PollSchedule(const std::vector<Entry>& accounts, PollClock::time_point now,
                           PollScheduleOptions options)
    : options_(std::move(options)) {
  assert(options_.time_divisor >= 1);
  for (const Entry& entry : accounts) states_.push_back(MakeState(entry, now));
}

PollSchedule::State PollSchedule::MakeState(const Entry& entry, PollClock::time_point now) const {
  State state;
  state.name = entry.name;
  state.interval = Scaled(std::chrono::seconds(entry.interval_seconds));
  state.due = now;
  return state;
}

PollClock::duration PollSchedule::Scaled(std::chrono::seconds seconds) const {
  return std::chrono::duration_cast<PollClock::duration>(seconds) / options_.time_divisor;
}

PollClock::duration PollSchedule::Jittered(PollClock::duration wait) const {
  const double fraction = options_.random ? options_.random() * options_.jitter : 0.0;
  return wait + std::chrono::duration_cast<PollClock::duration>(wait * fraction);
}

PollClock::duration PollSchedule::Backoff(const State& state) const {
  const PollClock::duration first =
      std::max(state.interval / kFirstBackoffDivisor, Scaled(std::chrono::seconds(1)));
  PollClock::duration wait = first;
  for (int i = 1; i < state.failures_in_row && wait < state.interval; ++i) wait *= 2;
  return std::min(wait, state.interval);
}

std::vector<std::size_t> PollSchedule::Due(PollClock::time_point now) const {
  std::vector<std::size_t> due;
  for (std::size_t i = 0; i < states_.size(); ++i) {
    if (states_[i].due <= now) due.push_back(i);
  }
  return due;
}

PollClock::time_point PollSchedule::NextDue() const {
  PollClock::time_point next = PollClock::time_point::max();
  for (const State& state : states_) next = std::min(next, state.due);
  return next;
}

PollOutcome PollSchedule::Record(std::size_t index, const AccountReport& report,
                                 PollClock::time_point ended) {
  State& state = states_[index];
  const PollOutcome outcome = ClassifyPoll(report);
  if (report.login_delay) state.login_delay = Scaled(*report.login_delay);
  PollClock::duration wait = state.interval;
  if (outcome == PollOutcome::kRefused || outcome == PollOutcome::kTemporary) {
    ++state.failures_in_row;
    wait = Backoff(state);
  } else {
    state.failures_in_row = 0;
  }
  state.due = ended + Jittered(wait);
  state.last_end = ended;
  if (state.login_delay) {
    state.floor = ended + *state.login_delay;
    state.due = std::max(state.due, *state.floor);
  }
  state.last = outcome;
  return outcome;
}

void PollSchedule::PollAllNow(PollClock::time_point now) {
  for (State& state : states_) state.due = std::max(now, state.floor.value_or(now));
}

void PollSchedule::Replace(const std::vector<Entry>& accounts, PollClock::time_point now) {
  std::vector<State> states;
  for (const Entry& entry : accounts) {
    auto old = std::find_if(states_.begin(), states_.end(),
                            [&](const State& state) { return state.name == entry.name; });
    State fresh = MakeState(entry, now);
    if (old == states_.end()) {
      states.push_back(std::move(fresh));
      continue;
    }
    State kept = *old;
    kept.interval = fresh.interval;
    if (kept.last_end && kept.failures_in_row == 0) {
      kept.due = std::min(kept.due, std::max(now, *kept.last_end + kept.interval));
      if (kept.floor) kept.due = std::max(kept.due, *kept.floor);
    }
    states.push_back(std::move(kept));
  }
  states_ = std::move(states);
}

}  // namespace mpop::client
