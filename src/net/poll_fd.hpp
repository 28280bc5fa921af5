#pragma once
// PollFd: waits for one descriptor with an idle timeout, or until the caller's abort
// signal fires. Every blocking wait in net/ goes through here, so time-outs and stops
// behave the same for connect, read, write and accept.

#include <chrono>
#include <optional>
#include <span>
#include <string_view>

#include "net/abort_signal.hpp"
#include "util/error.hpp"
#include "util/result.hpp"

namespace mpop::net {

enum class PollStatus {
  kReady,     // revents holds what happened (may include POLLERR/POLLHUP/POLLNVAL)
  kTimedOut,  // the timeout passed without an event
  kAborted,   // abort fired (before or during the wait); wins over a ready fd
  kFailed,    // poll() itself failed; error holds errno
};

struct PollOutcome {
  PollStatus status = PollStatus::kFailed;
  short revents = 0;
  int error = 0;
};

// Polls fd for events and abort.fd() for readability in one poll(). nullopt timeout waits
// forever; the timeout is measured from this call. Signals interrupting poll() (EINTR)
// just restart it: a stop must come through abort (see net/abort_signal.hpp).
PollOutcome PollFd(int fd, short events, std::optional<std::chrono::milliseconds> timeout,
                   AbortSignal abort);

// One descriptor of PollFds: a negative fd is ignored (poll() skips it).
struct PollEntry {
  int fd = -1;
  short events = 0;
  short revents = 0;  // set on kReady
};
inline constexpr std::size_t kMaxPollEntries = 3;

// PollFd for up to kMaxPollEntries descriptors in one poll() (FdPairTransport waits for
// its read and its write descriptor at once). On kReady each entry's revents says what
// happened to it, and the outcome's revents is the first entry's.
PollOutcome PollFds(std::span<PollEntry> entries, std::optional<std::chrono::milliseconds> timeout,
                    AbortSignal abort);

// The I/O error of a byte stream: "<stream> <direction> error: <what>" with stream
// "network" for sockets ("network read error: the operation timed out"), or just
// "<direction> error: <what>" when stream is empty (mpopd's standard input and output).
Error StreamError(std::string_view stream, std::string_view direction, std::string_view what);

// What a wait means for a stream that waited on it: none when it ended ready, else the
// StreamError of a time-out, an abort or a failed poll(). A descriptor that is not open
// (POLLNVAL) is an error too, so that every transport reports it the same way.
Status WaitStatus(const PollOutcome& outcome, std::string_view stream, std::string_view direction);

}  // namespace mpop::net
