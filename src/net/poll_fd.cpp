#include "net/poll_fd.hpp"

#include <poll.h>

#include <cerrno>

namespace mpop::net {

PollOutcome PollFd(int fd, short events, std::optional<std::chrono::milliseconds> timeout,
                   AbortFlag abort_flag) {
  using Clock = std::chrono::steady_clock;
  const auto deadline = timeout ? Clock::now() + *timeout : Clock::time_point::max();
  for (;;) {
    int wait_ms = -1;
    if (timeout) {
      auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
      if (left.count() < 0) left = std::chrono::milliseconds(0);
      wait_ms = left.count() > 0x7fffffff ? 0x7fffffff : static_cast<int>(left.count());
    }
    pollfd pfd{fd, events, 0};
    int n = ::poll(&pfd, 1, wait_ms);
    if (n > 0) return {PollStatus::kReady, pfd.revents, 0};
    if (n == 0) {
      // poll() may wake a little early; only report a time-out once the deadline passed.
      if (Clock::now() >= deadline) return {PollStatus::kTimedOut, 0, 0};
      continue;
    }
    if (errno != EINTR) return {PollStatus::kFailed, 0, errno};
    if (Aborted(abort_flag)) return {PollStatus::kAborted, 0, EINTR};
  }
}

}  // namespace mpop::net
