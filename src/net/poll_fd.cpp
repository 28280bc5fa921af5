#include "net/poll_fd.hpp"

#include <poll.h>

#include <cerrno>

namespace mpop::net {

PollOutcome PollFd(int fd, short events, std::optional<std::chrono::milliseconds> timeout,
                   AbortSignal abort) {
  using Clock = std::chrono::steady_clock;
  const auto deadline = timeout ? Clock::now() + *timeout : Clock::time_point::max();
  for (;;) {
    int wait_ms = -1;
    if (timeout) {
      auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
      if (left.count() < 0) left = std::chrono::milliseconds(0);
      wait_ms = left.count() > 0x7fffffff ? 0x7fffffff : static_cast<int>(left.count());
    }
    // A negative abort descriptor (a signal that never aborts) is ignored by poll().
    pollfd entries[2] = {{fd, events, 0}, {abort.fd(), POLLIN, 0}};
    int n = ::poll(entries, 2, wait_ms);
    if (n > 0) {
      // A stop ends the wait even while the peer keeps the descriptor busy.
      if (entries[1].revents != 0) return {PollStatus::kAborted, 0, 0};
      return {PollStatus::kReady, entries[0].revents, 0};
    }
    if (n == 0) {
      // poll() may wake a little early; only report a time-out once the deadline passed.
      if (Clock::now() >= deadline) return {PollStatus::kTimedOut, 0, 0};
      continue;
    }
    if (errno != EINTR) return {PollStatus::kFailed, 0, errno};
  }
}

}  // namespace mpop::net
