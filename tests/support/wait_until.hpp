#pragma once
// Waiting for a condition instead of sleeping for a guessed time.
//
// WaitUntil asks the condition often (every millisecond at first, backing off to 20 ms)
// until it holds or the deadline passes, so a test is as fast as the event it waits for
// and fails clearly (false) when the event never comes. BlockedInKernel is the condition
// for "the other thread (or process) now waits": a test that interrupts a blocking call
// waits for it before it interrupts, instead of sleeping and hoping.

#include <sys/types.h>

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

// True while thread or process `id` (a tid of this process, or a pid) sleeps in the kernel:
// state "S" in /proc/ID/stat, e.g. blocked in poll() or connect(). False once it runs or
// has gone.
bool BlockedInKernel(pid_t id);

// The calling thread's id, for BlockedInKernel from another thread.
pid_t ThisThreadId();

}  // namespace mpop::testing
