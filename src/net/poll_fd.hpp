#pragma once
// PollFd: waits for one descriptor with an idle timeout, restarting after EINTR unless the
// caller's abort flag is set. Every blocking wait in net/ goes through here, so time-outs
// and signal aborts behave the same for connect, read, write and accept.

#include <chrono>
#include <csignal>
#include <optional>

namespace mpop::net {

// Set (to non-zero) by a signal handler in app/ to make blocking network calls give up.
// The handler must be installed without SA_RESTART so that poll() returns EINTR.
// nullptr means: never abort, just restart after EINTR.
using AbortFlag = const volatile std::sig_atomic_t*;

enum class PollStatus {
  kReady,     // revents holds what happened (may include POLLERR/POLLHUP/POLLNVAL)
  kTimedOut,  // the timeout passed without an event
  kAborted,   // EINTR while *abort_flag was set
  kFailed,    // poll() itself failed; error holds errno
};

struct PollOutcome {
  PollStatus status = PollStatus::kFailed;
  short revents = 0;
  int error = 0;
};

// Polls fd for events. nullopt timeout waits forever; the timeout is measured from this
// call, across any EINTR restarts.
PollOutcome PollFd(int fd, short events, std::optional<std::chrono::milliseconds> timeout,
                   AbortFlag abort_flag);

// True if the flag exists and is set.
inline bool Aborted(AbortFlag abort_flag) { return abort_flag != nullptr && *abort_flag != 0; }

}  // namespace mpop::net
