#pragma once
// WaitUntil: waits for a condition another thread or process brings about, instead of
// sleeping for a guessed time. It asks the condition often (every millisecond at first,
// backing off to 20 ms) until it holds or the deadline passes, so a test is as fast as the
// event and fails clearly (false) when the event never comes.

#include <algorithm>
#include <chrono>
#include <thread>

namespace mpop::testing {

template <typename Condition>
bool WaitUntil(Condition condition,
               std::chrono::milliseconds timeout = std::chrono::milliseconds(10000)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  auto pause = std::chrono::milliseconds(1);
  while (!condition()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    // Polling is the point of this helper: the condition has no event to wait on.
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::milliseconds(20));
  }
  return true;
}

}  // namespace mpop::testing
