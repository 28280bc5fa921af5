#include "server/auth_throttle.hpp"

#include <algorithm>

namespace mpop::server {

AuthThrottle::AuthThrottle(Options options, Now now) : options_(options), now_(std::move(now)) {}

std::chrono::milliseconds AuthThrottle::DelayAfter(int failures) const {
  if (failures <= 0) return std::chrono::milliseconds(0);
  std::chrono::milliseconds delay = options_.first_delay;
  for (int i = 1; i < failures && delay < options_.max_delay; ++i) delay *= 2;
  return std::min(delay, options_.max_delay);
}

void AuthThrottle::Prune(Clock::time_point now) {
  if (entries_.size() < options_.max_addresses) return;
  std::erase_if(entries_, [&](const auto& item) {
    const Entry& entry = item.second;
    return now - entry.last_failure >= options_.forget_after && entry.next_slot <= now;
  });
}

std::chrono::milliseconds AuthThrottle::Admit(std::string_view address) {
  const Clock::time_point now = now_();
  std::lock_guard lock(mutex_);
  auto it = entries_.find(address);
  if (it == entries_.end()) return std::chrono::milliseconds(0);
  Entry& entry = it->second;
  if (now - entry.last_failure >= options_.forget_after && entry.next_slot <= now) {
    entries_.erase(it);
    return std::chrono::milliseconds(0);
  }
  // Capped: a full queue makes every attempt wait max_wait, it never refuses one.
  const Clock::time_point slot = std::min(
      std::max(now, entry.next_slot) + DelayAfter(entry.failures), now + options_.max_wait);
  entry.next_slot = slot;
  return std::chrono::ceil<std::chrono::milliseconds>(slot - now);
}

void AuthThrottle::RecordFailure(std::string_view address) {
  const Clock::time_point now = now_();
  std::lock_guard lock(mutex_);
  auto it = entries_.find(address);
  if (it == entries_.end()) {
    Prune(now);
    it = entries_.emplace(std::string(address), Entry{}).first;
  }
  Entry& entry = it->second;
  // Saturate: beyond this the delay is capped anyway.
  if (entry.failures < 64) ++entry.failures;
  entry.last_failure = now;
}

void AuthThrottle::RecordSuccess(std::string_view address) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(address);
  if (it != entries_.end()) entries_.erase(it);
}

std::chrono::milliseconds AuthThrottle::CurrentDelay(std::string_view address) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(address);
  return it == entries_.end() ? std::chrono::milliseconds(0) : DelayAfter(it->second.failures);
}

}  // namespace mpop::server
