#pragma once
// Subprocess: a shell command (`/bin/sh -c CMD`) fed through a pipe on its standard input,
// for MDAs and header filters (COMPAT.md 3.3, 8). Standard output and error are inherited.
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
// Not copyable; movable. Destruction kills and reaps a process that was not waited for.

#include <sys/types.h>

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

class Subprocess {
 public:
  // Starts /bin/sh -c `command` with a pipe on its standard input. Flushes stdio output
  // first so the command's output follows ours. Error: kOsErr ("cannot run 'CMD': ...").
  static Result<Subprocess> Start(std::string_view command);

  Subprocess(Subprocess&& other) noexcept;
  Subprocess& operator=(Subprocess&& other) noexcept;
  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;
  ~Subprocess() { Kill(); }

  pid_t pid() const { return pid_; }

  // Writes all of `bytes` to the command's standard input. true: written; false: the
  // command closed its input (EPIPE) — nothing more can be written. Other write errors:
  // kIoErr. After false or an error, later calls return false.
  Result<bool> Write(std::string_view bytes);

  // Closes the command's standard input (EOF) and waits for it to end. Call once.
  // Error (kOsErr): waitpid() failed.
  Result<ExitStatus> Wait();

  // Kills the command's process group with SIGKILL *before* closing its input, so it
  // never sees an EOF that would make a partial input look complete; then reaps it.
  // Never fails; does nothing once Wait() or Kill() ran.
  void Kill();

 private:
  Subprocess(pid_t pid, UniqueFd input) : pid_(pid), input_(std::move(input)) {}
  Result<ExitStatus> Reap();

  pid_t pid_ = -1;  // -1: reaped (or moved from)
  UniqueFd input_;
  bool input_gone_ = false;
};

}  // namespace mpop
