#include "util/subprocess.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <ctime>
#include <utility>

#include "util/i18n.hpp"

namespace mpop {
namespace {

// SIGPIPE blocked in this thread for the lifetime of the object. A SIGPIPE raised by a
// write in between stays pending (Linux queues even an ignored signal while it is
// blocked) and is consumed by Consume(), so it is never delivered.
class SigpipeBlock {
 public:
  SigpipeBlock() {
    sigemptyset(&pipe_);
    sigaddset(&pipe_, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_, &old_);
    sigset_t pending;
    sigpending(&pending);
    // One that was pending already is not ours to swallow.
    was_pending_ = sigismember(&pending, SIGPIPE) == 1;
  }
  ~SigpipeBlock() { pthread_sigmask(SIG_SETMASK, &old_, nullptr); }
  SigpipeBlock(const SigpipeBlock&) = delete;
  SigpipeBlock& operator=(const SigpipeBlock&) = delete;

  void Consume() {
    if (was_pending_) return;
    const timespec zero{};
    while (sigtimedwait(&pipe_, nullptr, &zero) < 0 && errno == EINTR) {
    }
  }

 private:
  sigset_t pipe_;
  sigset_t old_;
  bool was_pending_ = false;
};

std::string Quoted(std::string_view command) { return "'" + std::string(command) + "'"; }

// A descriptor that becomes readable when the process ends (Linux 5.3). glibc 2.36 has no
// wrapper in every header set, so the system call is made directly.
UniqueFd OpenPidfd(pid_t pid) {
  return UniqueFd(static_cast<int>(syscall(SYS_pidfd_open, pid, 0)));
}

// poll()'s timeout for an optional limit: -1 waits for ever.
int PollTimeout(std::optional<std::chrono::milliseconds> limit) {
  return limit
             ? static_cast<int>(std::min<std::chrono::milliseconds::rep>(limit->count(), INT32_MAX))
             : -1;
}

// In the child between fork() and exec: async-signal-safe calls only.
[[noreturn]] void ExecShell(int input_fd, pid_t parent, const char* command) {
  setpgid(0, 0);
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != parent) _exit(127);  // the parent died before prctl took effect
  if (dup2(input_fd, STDIN_FILENO) < 0) _exit(127);
  // An ignored SIGPIPE would be inherited through exec; the command gets the default.
  struct sigaction dfl = {};
  dfl.sa_handler = SIG_DFL;
  sigaction(SIGPIPE, &dfl, nullptr);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  const char* argv[] = {"/bin/sh", "-c", command, nullptr};
  execv("/bin/sh", const_cast<char* const*>(argv));
  _exit(127);
}

}  // namespace

std::string ExitStatus::Describe() const {
  if (!exited) {
    const char* name = sigdescr_np(signal);
    return TrFormat("killed by signal {}", signal) +
           (name != nullptr ? " (" + std::string(name) + ")" : "");
  }
  std::string text = TrFormat("exit status {}", code);
  std::string_view meaning = SysexitsDescription(code);
  if (!meaning.empty()) text += " (" + std::string(meaning) + ")";
  return text;
}

Result<Subprocess> Subprocess::Start(std::string_view command, SubprocessOptions options) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0)
    return Error::OsErr(TrFormat("cannot create pipe: {}", ErrnoText(errno)));
  UniqueFd read_end(fds[0]);
  UniqueFd write_end(fds[1]);
  std::string command_string(command);
  std::fflush(nullptr);
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid < 0)
    return Error::OsErr(TrFormat("cannot run {}: {}", Quoted(command), ErrnoText(errno)));
  if (pid == 0) ExecShell(read_end.get(), parent, command_string.c_str());
  // Also here, so Kill() finds the group even if the child has not run yet.
  setpgid(pid, pid);
  UniqueFd exit_fd = OpenPidfd(pid);
  if (!exit_fd) {
    const int err = errno;
    kill(-pid, SIGKILL);
    kill(pid, SIGKILL);
    write_end.Reset();
    while (waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
    }
    return Error::OsErr(TrFormat("cannot watch {}: {}", Quoted(command), ErrnoText(err)));
  }
  // Writes wait in poll(), bounded by the limit, instead of blocking in write().
  fcntl(write_end.get(), F_SETFL, fcntl(write_end.get(), F_GETFL) | O_NONBLOCK);
  return Subprocess(pid, std::move(write_end), std::move(exit_fd), options);
}

bool Subprocess::AwaitExit(std::optional<std::chrono::milliseconds> timeout) const {
  pollfd entry{exit_fd_.get(), POLLIN, 0};
  int ready;
  while ((ready = poll(&entry, 1, PollTimeout(timeout))) < 0 && errno == EINTR) {
  }
  return ready > 0;
}

std::string Subprocess::LimitText() const {
  const auto limit = options_.idle_limit.value_or(std::chrono::milliseconds(0));
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(limit).count();
  if (seconds * 1000 == limit.count()) {
    return TrNFormat("{} second", "{} seconds", seconds, seconds);
  }
  return TrFormat("{} ms", limit.count());
}

Subprocess::Subprocess(Subprocess&& other) noexcept
    : pid_(std::exchange(other.pid_, -1)),
      input_(std::move(other.input_)),
      exit_fd_(std::move(other.exit_fd_)),
      options_(other.options_),
      input_gone_(other.input_gone_) {}

Subprocess& Subprocess::operator=(Subprocess&& other) noexcept {
  if (this != &other) {
    Kill();
    pid_ = std::exchange(other.pid_, -1);
    input_ = std::move(other.input_);
    exit_fd_ = std::move(other.exit_fd_);
    options_ = other.options_;
    input_gone_ = other.input_gone_;
  }
  return *this;
}

Result<bool> Subprocess::Write(std::string_view bytes) {
  if (input_gone_ || !input_) return false;
  SigpipeBlock block;
  while (!bytes.empty()) {
    ssize_t n = ::write(input_.get(), bytes.data(), bytes.size());
    if (n > 0) {
      bytes.remove_prefix(static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) {
      // The pipe is full: wait for room, for the command's end, or for the limit.
      pollfd entries[2] = {{input_.get(), POLLOUT, 0}, {exit_fd_.get(), POLLIN, 0}};
      int ready;
      while ((ready = poll(entries, 2, PollTimeout(options_.idle_limit))) < 0 && errno == EINTR) {
      }
      if (ready == 0) {
        input_gone_ = true;
        Kill();  // before its input is closed: it must not take a partial mail as whole
        return Error::TempFail(TrFormat(
            "the command took no input for {}; killed it and its process group", LimitText()));
      }
      if (entries[1].revents != 0 && entries[0].revents == 0) {
        input_gone_ = true;  // it ended without reading the rest
        return false;
      }
      continue;
    }
    input_gone_ = true;
    if (n < 0 && errno == EPIPE) {
      block.Consume();
      return false;
    }
    return Error::IoErr(
        TrFormat("cannot write to the input of command: {}", ErrnoText(n < 0 ? errno : EIO)));
  }
  return true;
}

Result<ExitStatus> Subprocess::Wait() {
  if (pid_ < 0) return Error::Software(Tr("the command was waited for already"));
  input_.Reset();
  if (!AwaitExit(options_.idle_limit)) {
    // Its input is complete, so a SIGTERM cannot make it take a partial mail as whole.
    kill(-pid_, SIGTERM);
    kill(pid_, SIGTERM);
    (void)AwaitExit(options_.kill_grace);
    // Whatever of the group is left, also helpers that ignore SIGTERM.
    kill(-pid_, SIGKILL);
    kill(pid_, SIGKILL);
    (void)Reap();
    return Error::TempFail(TrFormat(
        "the command did not end within {} after its input was complete; killed it and its "
        "process group",
        LimitText()));
  }
  return Reap();
}

void Subprocess::Kill() {
  if (pid_ < 0) return;
  // Order matters: a process that sees EOF first could take a partial input as whole.
  kill(-pid_, SIGKILL);
  kill(pid_, SIGKILL);
  input_.Reset();
  (void)Reap();
}

Result<ExitStatus> Subprocess::Reap() {
  int status = 0;
  pid_t result;
  while ((result = waitpid(pid_, &status, 0)) < 0 && errno == EINTR) {
  }
  pid_ = -1;
  if (result < 0) return Error::OsErr(TrFormat("cannot wait for command: {}", ErrnoText(errno)));
  if (WIFSIGNALED(status)) return ExitStatus{false, 0, WTERMSIG(status)};
  return ExitStatus{true, WEXITSTATUS(status), 0};
}

}  // namespace mpop
