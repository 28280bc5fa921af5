#include "net/poll_fd.hpp"

#include <poll.h>

#include <cassert>
#include <cerrno>
#include <string>
#include <utility>

namespace mpop::net {

PollOutcome PollFd(int fd, short events, std::optional<std::chrono::milliseconds> timeout,
                   AbortSignal abort) {
  PollEntry entry{fd, events};
  return PollFds(std::span(&entry, 1), timeout, abort);
}

PollOutcome PollFds(std::span<PollEntry> entries, std::optional<std::chrono::milliseconds> timeout,
                    AbortSignal abort) {
  assert(!entries.empty() && entries.size() <= kMaxPollEntries);
  using Clock = std::chrono::steady_clock;
  const auto deadline = timeout ? Clock::now() + *timeout : Clock::time_point::max();
  const std::size_t count = entries.size();
  for (;;) {
    int wait_ms = -1;
    if (timeout) {
      auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
      if (left.count() < 0) left = std::chrono::milliseconds(0);
      wait_ms = left.count() > 0x7fffffff ? 0x7fffffff : static_cast<int>(left.count());
    }
    // The abort descriptor goes last; a negative one (a signal that never aborts) is
    // ignored by poll().
    pollfd fds[kMaxPollEntries + 1];
    for (std::size_t i = 0; i < count; ++i) fds[i] = {entries[i].fd, entries[i].events, 0};
    fds[count] = {abort.fd(), POLLIN, 0};
    int n = ::poll(fds, count + 1, wait_ms);
    if (n > 0) {
      // A stop ends the wait even while the peer keeps the descriptor busy.
      if (fds[count].revents != 0) return {PollStatus::kAborted, 0, 0};
      for (std::size_t i = 0; i < count; ++i) entries[i].revents = fds[i].revents;
      return {PollStatus::kReady, fds[0].revents, 0};
    }
    if (n == 0) {
      // poll() may wake a little early; only report a time-out once the deadline passed.
      if (Clock::now() >= deadline) return {PollStatus::kTimedOut, 0, 0};
      continue;
    }
    if (errno != EINTR) return {PollStatus::kFailed, 0, errno};
  }
}

Error StreamError(std::string_view stream, std::string_view direction, std::string_view what) {
  std::string text(stream);
  if (!text.empty()) text += ' ';
  text.append(direction).append(" error: ").append(what);
  return Error::IoErr(std::move(text));
}

Status WaitStatus(const PollOutcome& outcome, std::string_view stream, std::string_view direction) {
  switch (outcome.status) {
    case PollStatus::kReady:
      if (outcome.revents & POLLNVAL) return StreamError(stream, direction, ErrnoText(EBADF));
      return {};
    case PollStatus::kTimedOut:
      return StreamError(stream, direction, "the operation timed out");
    case PollStatus::kAborted:
      return StreamError(stream, direction, "operation aborted");
    case PollStatus::kFailed:
      break;
  }
  return StreamError(stream, direction, ErrnoText(outcome.error));
}

}  // namespace mpop::net
