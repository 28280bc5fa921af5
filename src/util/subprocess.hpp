#pragma once
// Subprocess: a shell command (`/bin/sh -c CMD`) fed through a pipe on its standard input,
// for MDAs and header filters (doc/COMPAT.md 3.3, 8). Standard output and error are inherited.
//
// Writes never raise SIGPIPE, whatever the process's signal disposition: SIGPIPE is
// blocked in the writing thread around each write() and a SIGPIPE the write raised is
// consumed, so a command that stops reading shows up as Write() returning false.
//
// The command runs in its own process group, so Kill() reaches the helpers it started
// too (procmail's, a pipeline's), and a terminal's Ctrl-C reaches only mpop, which then
// decides. On Linux the command gets SIGKILL if the thread that started it dies (also
// by SIGKILL): a mail being piped must never reach an MDA cut short, which is what the
// EOF of a dying writer would otherwise look like.
//
// A time limit (SubprocessOptions::idle_limit) bounds every wait for the command: for it
// to take more input (Write) and for it to end once its input is complete (Wait). A
// command that exceeds it is killed with its whole process group, and the call fails with
// kTempFail: a hanging MDA or filter must not block the run, and the lock with it, for
// ever. The limit is on idleness, not on the whole run, so a big mail arriving slowly over
// the network is never cut short. The client's default, 300 s, leaves a slow MDA (a spam
// scanner on a big mail) plenty of time and stays below the 10 minutes a POP3 server may
// wait for us (RFC 1939 section 3), so the session can still end cleanly. Waits watch the command's
// exit through a pidfd, never the EOF of a pipe that a grandchild may hold open.
//
// Not copyable; movable. Destruction kills and reaps a process that was not waited for.

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "util/result.hpp"
#include "util/unique_fd.hpp"

namespace mpop {

// How a command ended.
struct ExitStatus {
  bool exited = true;  // false: killed by `signal`
  int code = 0;        // exit status if exited
  int signal = 0;      // signal number if !exited

  bool success() const { return exited && code == 0; }
  bool operator==(const ExitStatus&) const = default;

  // "exit status 75 (EX_TEMPFAIL: temporary failure)", "exit status 1",
  // "killed by signal 9 (Killed)".
  std::string Describe() const;
};

struct SubprocessOptions {
  // How long any one wait for the command may take; none: for ever.
  std::optional<std::chrono::milliseconds> idle_limit;
  // After the input is complete and the limit has passed, SIGTERM to the group, then
  // SIGKILL after this grace (a command may clean up, but not take long).
  std::chrono::milliseconds kill_grace{2000};
};

class Subprocess {
 public:
  // Starts /bin/sh -c `command` with a pipe on its standard input. Flushes stdio output
  // first so the command's output follows ours. Error: kOsErr ("cannot run 'CMD': ...").
  static Result<Subprocess> Start(std::string_view command, SubprocessOptions options = {});

  Subprocess(Subprocess&& other) noexcept;
  Subprocess& operator=(Subprocess&& other) noexcept;
  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;
  ~Subprocess() { Kill(); }

  pid_t pid() const { return pid_; }

  // Writes all of `bytes` to the command's standard input. true: written; false: the
  // command closed its input (EPIPE) or ended — nothing more can be written. Other write
  // errors: kIoErr. The command taking no input for the idle limit: it is killed (SIGKILL,
  // before its input is closed), kTempFail "took no input for N seconds". After false or
  // an error, later calls return false.
  Result<bool> Write(std::string_view bytes);

  // Closes the command's standard input (EOF) and waits for it to end. Call once.
  // Errors: kOsErr, waitpid() failed; kTempFail "did not end within N seconds after its
  // input was complete" (it was then killed: SIGTERM, SIGKILL after the grace).
  Result<ExitStatus> Wait();

  // Kills the command's process group with SIGKILL *before* closing its input, so it
  // never sees an EOF that would make a partial input look complete; then reaps it.
  // Never fails; does nothing once Wait() or Kill() ran.
  void Kill();

 private:
  Subprocess(pid_t pid, UniqueFd input, UniqueFd exit_fd, SubprocessOptions options)
      : pid_(pid), input_(std::move(input)), exit_fd_(std::move(exit_fd)), options_(options) {}
  Result<ExitStatus> Reap();
  // Waits until the command ends or `timeout` passes; true: it ended.
  bool AwaitExit(std::optional<std::chrono::milliseconds> timeout) const;
  std::string LimitText() const;

  pid_t pid_ = -1;  // -1: reaped (or moved from)
  UniqueFd input_;
  UniqueFd exit_fd_;  // pidfd of the command: readable once it has ended
  SubprocessOptions options_;
  bool input_gone_ = false;
};

}  // namespace mpop
