#pragma once
// Child processes for tests: run a command to completion with captured output and a hard
// deadline (no test may hang on a stuck peer), or keep one running in the background
// under an RAII handle that kills and reaps it.
//
// Commands are argv vectors started with posix_spawnp (argv[0] without a '/' is looked up
// in PATH); no shell is involved unless argv says "/bin/sh", "-c", .... Every child starts
// in its own process group with the default signal mask and dispositions, so a time-out
// or a handle's destructor can kill the child together with anything it started.

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "util/result.hpp"

namespace mpop::testing {

struct Command {
  std::vector<std::string> argv{};
  // Set in the child's environment on top of the inherited one (replacing equal names).
  std::vector<std::pair<std::string, std::string>> env{};
  // Removed from the inherited environment (e.g. "MPOPRC" so a test never sees the user's).
  std::vector<std::string> unset_env{};
  // The child's working directory; empty: the caller's.
  std::string working_dir{};
};

struct RunOptions {
  // Bytes written to the child's stdin, which is then closed; nullopt: stdin is /dev/null.
  std::optional<std::string> stdin_bytes{};
  // After this the whole process group gets SIGKILL and timed_out is set.
  std::chrono::milliseconds timeout{std::chrono::seconds(30)};
};

struct RunResult {
  std::string out;
  std::string err;
  int exit_code = -1;   // exit status if the child exited normally, else -1
  int term_signal = 0;  // signal that ended the child, else 0
  bool timed_out = false;

  bool ok() const { return exit_code == 0; }
  // "exit status 3", "killed by signal 9" or "timed out after 500 ms (killed by signal 9)",
  // followed by the captured stderr, for assertion messages.
  std::string Describe() const;
};

// Runs the command to completion and captures stdout and stderr. If the child exits while
// something it started still holds its stdout/stderr open (a daemon that did not detach
// its stdio), reading stops after a short grace period instead of hanging.
// Errors: kUnavailable if the program cannot be started (message names argv[0] and the
// errno text), kOsErr for pipe/poll failures.
Result<RunResult> RunCommand(const Command& command, const RunOptions& options = {});
// RunCommand, with a failure to run the command reported as the result's err (for tests
// that judge a run by its RunResult alone).
RunResult RunToResult(const Command& command, const RunOptions& options = {});

// A running child. The destructor sends SIGKILL to its process group and reaps it.
class BackgroundProcess {
 public:
  // Starts the command with stdin from /dev/null and stdout+stderr appended to
  // output_path (created if missing; empty: /dev/null). Detached stdio matters: a daemon
  // that inherits a pipe keeps whoever reads that pipe waiting forever.
  // Errors as for RunCommand().
  static Result<BackgroundProcess> Start(const Command& command, const std::string& output_path);

  BackgroundProcess(BackgroundProcess&& other) noexcept;
  BackgroundProcess& operator=(BackgroundProcess&& other) noexcept;
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;
  ~BackgroundProcess();

  pid_t pid() const { return pid_; }
  // True until the child has ended (reaps it when it has).
  bool Running();
  // Waits up to timeout for the child to end on its own; true if it did (then reaped).
  bool WaitForExit(std::chrono::milliseconds timeout);
  // Sends `signal` to the process group, waits up to timeout, then SIGKILLs the group.
  // Returns the wait status as a RunResult (out/err empty). Idempotent.
  RunResult Stop(int signal, std::chrono::milliseconds timeout);

 private:
  BackgroundProcess(pid_t pid, int pidfd) : pid_(pid), pidfd_(pidfd) {}
  void Reap(int wait_status);
  void Release();

  pid_t pid_ = -1;
  int pidfd_ = -1;
  RunResult status_;  // filled once reaped
};

// Fails with kUnavailable ("component missing: PATH is not executable") if path cannot be
// executed, so a test can skip instead of failing when a peer is not installed.
Status RequireExecutable(const std::string& path);

// Fails with kUnavailable unless the test runs as root (Dovecot as a private instance).
Status RequireRoot(const std::string& why);

}  // namespace mpop::testing

// Turns a kUnavailable Status (a missing component) into GTEST_SKIP with its message and
// any other error into a fatal failure. Use in a TEST body: MPOP_REQUIRE(server.Start(o));
#define MPOP_REQUIRE(expr)                                              \
  do {                                                                  \
    if (auto mpop_require_ = (expr); !mpop_require_) {                  \
      if (mpop_require_.error().code == ::mpop::ExitCode::kUnavailable) \
        GTEST_SKIP() << mpop_require_.error().message;                  \
      else                                                              \
        FAIL() << mpop_require_.error().message;                        \
    }                                                                   \
  } while (0)
