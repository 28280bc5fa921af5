#include "support/process.hpp"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string_view>
#include <thread>

#include "support/wait_until.hpp"
#include "util/unique_fd.hpp"

extern char** environ;

namespace mpop::testing {
namespace {

using Clock = std::chrono::steady_clock;

// After the child exits, output still pending in the pipes is read for at most this long:
// enough for any real remainder, short enough when a leftover daemon holds the pipe.
constexpr std::chrono::milliseconds kDrainGrace{500};

// How long Reap() waits for the rest of a process group to vanish after SIGKILL.
constexpr std::chrono::milliseconds kGroupExitTimeout{2000};

// glibc 2.36's <sys/pidfd.h> lacks extern "C", so C++ cannot link its pidfd_open().
int OpenPidfd(pid_t pid) { return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)); }

// Children run in the C locale unless the command names a locale itself (issue 21): the
// developer's LANG=de_DE must not turn the English the tests assert into German. So the
// inherited LANG, LANGUAGE and LC_* are dropped and LANG=C is set.
bool IsLocaleVariable(std::string_view name) {
  return name == "LANG" || name == "LANGUAGE" || name.starts_with("LC_");
}

std::vector<std::string> BuildEnvironment(const Command& command) {
  auto overridden = [&](std::string_view entry) {
    std::string_view name = entry.substr(0, entry.find('='));
    for (const auto& [key, value] : command.env)
      if (key == name) return true;
    return IsLocaleVariable(name) || std::find(command.unset_env.begin(), command.unset_env.end(),
                                               name) != command.unset_env.end();
  };
  std::vector<std::string> env;
  for (char** e = environ; e && *e; ++e)
    if (!overridden(*e)) env.emplace_back(*e);
  bool sets_lang = false;
  for (const auto& [key, value] : command.env) {
    env.push_back(key + "=" + value);
    sets_lang = sets_lang || key == "LANG";
  }
  if (!sets_lang) env.emplace_back("LANG=C");
  return env;
}

std::vector<char*> CStrings(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (auto& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

// Spawns the command with stdin/stdout/stderr taken from the given descriptors.
Result<pid_t> Spawn(const Command& command, int in_fd, int out_fd, int err_fd) {
  if (command.argv.empty()) return Error::Software("Spawn: empty argv");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in_fd, 0);
  posix_spawn_file_actions_adddup2(&actions, out_fd, 1);
  posix_spawn_file_actions_adddup2(&actions, err_fd, 2);
  if (!command.working_dir.empty())
    posix_spawn_file_actions_addchdir_np(&actions, command.working_dir.c_str());

  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none;
  sigset_t all;
  sigemptyset(&none);
  sigfillset(&all);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &all);
  posix_spawnattr_setpgroup(&attr, 0);
  posix_spawnattr_setflags(&attr,
                           POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);

  std::vector<std::string> argv_strings = command.argv;
  std::vector<std::string> env_strings = BuildEnvironment(command);
  std::vector<char*> argv = CStrings(argv_strings);
  std::vector<char*> envp = CStrings(env_strings);
  pid_t pid = -1;
  int rc = posix_spawnp(&pid, argv[0], &actions, &attr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) return Error::Unavailable("cannot run " + command.argv[0] + ": " + ErrnoText(rc));
  return pid;
}

Result<UniqueFd> OpenDevNull() {
  int fd = ::open("/dev/null", O_RDWR | O_CLOEXEC);
  if (fd < 0) return Error::OsErr("cannot open /dev/null: " + ErrnoText(errno));
  return UniqueFd(fd);
}

struct Pipe {
  UniqueFd read;
  UniqueFd write;
};

Result<Pipe> MakePipe() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return Error::OsErr("pipe2: " + ErrnoText(errno));
  return Pipe{UniqueFd(fds[0]), UniqueFd(fds[1])};
}

void SetNonBlocking(int fd) { ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK); }

void FillStatus(int wait_status, RunResult& result) {
  if (WIFEXITED(wait_status)) result.exit_code = WEXITSTATUS(wait_status);
  if (WIFSIGNALED(wait_status)) result.term_signal = WTERMSIG(wait_status);
}

int MillisUntil(Clock::time_point when) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(when - Clock::now());
  return static_cast<int>(std::clamp<long long>(left.count(), 0, 60'000));
}

// Reads what is available from fd into out; closes fd at end of stream or on error.
void ReadAvailable(UniqueFd& fd, std::string& out) {
  char buffer[65536];
  ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
  if (n > 0) {
    out.append(buffer, static_cast<std::size_t>(n));
  } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
    fd.Reset();
  }
}

// Blocks SIGPIPE in this thread while a child's stdin is fed, so a child that exits
// without reading gives EPIPE instead of killing the test; a SIGPIPE raised meanwhile is
// consumed before the old mask comes back.
class SigpipeBlock {
 public:
  SigpipeBlock() {
    sigemptyset(&pipe_set_);
    sigaddset(&pipe_set_, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_set_, &old_);
  }
  ~SigpipeBlock() {
    timespec zero{};
    while (sigtimedwait(&pipe_set_, nullptr, &zero) == SIGPIPE) {
    }
    pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }
  SigpipeBlock(const SigpipeBlock&) = delete;
  SigpipeBlock& operator=(const SigpipeBlock&) = delete;

 private:
  sigset_t pipe_set_;
  sigset_t old_;
};

// True if a process of group pgid is still running. Zombies do not count: they have
// closed their descriptors already, and orphans wait for init to reap them, which can be
// slow (the init of this test VM takes about a second).
bool GroupHasLiveMembers(pid_t pgid) {
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", error)) {
    const std::string name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream in(entry.path() / "stat");
    std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    // "pid (comm) state ppid pgrp ...": comm may contain anything, so parse after ')'.
    std::size_t close = stat.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream fields(stat.substr(close + 1));
    char state = 0;
    pid_t ppid = 0;
    pid_t group = 0;
    fields >> state >> ppid >> group;
    if (group == pgid && state != 'Z' && state != 'X') return true;
  }
  return false;
}

}  // namespace

std::string RunResult::Describe() const {
  std::string text;
  if (exit_code >= 0) text = "exit status " + std::to_string(exit_code);
  if (term_signal != 0) text = "killed by signal " + std::to_string(term_signal);
  if (timed_out) text = "timed out (" + text + ")";
  if (!err.empty()) text += "; stderr: " + err;
  return text;
}

Result<RunResult> RunCommand(const Command& command, const RunOptions& options) {
  SigpipeBlock sigpipe_block;
  auto out_pipe = MakePipe();
  auto err_pipe = MakePipe();
  if (!out_pipe) return std::move(out_pipe).error();
  if (!err_pipe) return std::move(err_pipe).error();
  UniqueFd stdin_child;
  UniqueFd stdin_parent;
  if (options.stdin_bytes) {
    auto in_pipe = MakePipe();
    if (!in_pipe) return std::move(in_pipe).error();
    stdin_child = std::move(in_pipe->read);
    stdin_parent = std::move(in_pipe->write);
  } else {
    auto null = OpenDevNull();
    if (!null) return std::move(null).error();
    stdin_child = std::move(*null);
  }
  auto pid = Spawn(command, stdin_child.get(), out_pipe->write.get(), err_pipe->write.get());
  if (!pid) return std::move(pid).error();
  stdin_child.Reset();
  out_pipe->write.Reset();
  err_pipe->write.Reset();
  UniqueFd pidfd(OpenPidfd(*pid));
  if (!pidfd) {
    ::kill(-*pid, SIGKILL);
    ::waitpid(*pid, nullptr, 0);
    return Error::OsErr("pidfd_open: " + ErrnoText(errno));
  }
  for (int fd : {stdin_parent.get(), out_pipe->read.get(), err_pipe->read.get()})
    if (fd >= 0) SetNonBlocking(fd);

  RunResult result;
  std::string_view to_write;
  if (options.stdin_bytes) to_write = *options.stdin_bytes;
  if (stdin_parent && to_write.empty()) stdin_parent.Reset();
  const Clock::time_point deadline = Clock::now() + options.timeout;
  std::optional<Clock::time_point> drain_until;  // set once the child has been reaped
  while (out_pipe->read || err_pipe->read || stdin_parent) {
    if (drain_until && Clock::now() >= *drain_until) break;
    if (!drain_until && Clock::now() >= deadline) {
      ::kill(-*pid, SIGKILL);
      result.timed_out = true;
    }
    pollfd fds[4] = {{out_pipe->read.get(), POLLIN, 0},
                     {err_pipe->read.get(), POLLIN, 0},
                     {stdin_parent.get(), POLLOUT, 0},
                     {drain_until ? -1 : pidfd.get(), POLLIN, 0}};
    int wait_ms = MillisUntil(drain_until ? *drain_until : deadline);
    if (::poll(fds, 4, result.timed_out ? 100 : wait_ms) < 0 && errno != EINTR)
      return Error::OsErr("poll: " + ErrnoText(errno));
    if (fds[0].revents) ReadAvailable(out_pipe->read, result.out);
    if (fds[1].revents) ReadAvailable(err_pipe->read, result.err);
    if (fds[2].revents) {
      ssize_t n = ::write(stdin_parent.get(), to_write.data(), to_write.size());
      if (n > 0) to_write.remove_prefix(static_cast<std::size_t>(n));
      if ((n < 0 && errno != EAGAIN && errno != EINTR) || to_write.empty()) stdin_parent.Reset();
    }
    if (fds[3].revents) {
      int status = 0;
      ::waitpid(*pid, &status, 0);
      FillStatus(status, result);
      drain_until = Clock::now() + kDrainGrace;
      stdin_parent.Reset();
    }
  }
  if (!drain_until) {
    // Both pipes closed before the child ended: wait for it within the deadline.
    pollfd fd{pidfd.get(), POLLIN, 0};
    if (::poll(&fd, 1, MillisUntil(deadline)) == 0) {
      ::kill(-*pid, SIGKILL);
      result.timed_out = true;
    }
    int status = 0;
    ::waitpid(*pid, &status, 0);
    FillStatus(status, result);
  }
  return result;
}

Result<BackgroundProcess> BackgroundProcess::Start(const Command& command,
                                                   const std::string& output_path) {
  auto null = OpenDevNull();
  if (!null) return std::move(null).error();
  UniqueFd out;
  if (output_path.empty()) {
    out.Reset(::dup(null->get()));
  } else {
    out.Reset(::open(output_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644));
    if (!out) return Error::OsErr("cannot open " + output_path + ": " + ErrnoText(errno));
  }
  auto pid = Spawn(command, null->get(), out.get(), out.get());
  if (!pid) return std::move(pid).error();
  int pidfd = OpenPidfd(*pid);
  if (pidfd < 0) {
    ::kill(-*pid, SIGKILL);
    ::waitpid(*pid, nullptr, 0);
    return Error::OsErr("pidfd_open: " + ErrnoText(errno));
  }
  return BackgroundProcess(*pid, pidfd);
}

BackgroundProcess::BackgroundProcess(BackgroundProcess&& other) noexcept
    : pid_(std::exchange(other.pid_, -1)),
      pidfd_(std::exchange(other.pidfd_, -1)),
      status_(std::move(other.status_)) {}

BackgroundProcess& BackgroundProcess::operator=(BackgroundProcess&& other) noexcept {
  if (this != &other) {
    Release();
    pid_ = std::exchange(other.pid_, -1);
    pidfd_ = std::exchange(other.pidfd_, -1);
    status_ = std::move(other.status_);
  }
  return *this;
}

BackgroundProcess::~BackgroundProcess() { Release(); }

void BackgroundProcess::Release() {
  if (pidfd_ >= 0) Stop(SIGKILL, std::chrono::seconds(10));
}

void BackgroundProcess::Reap(int wait_status) {
  FillStatus(wait_status, status_);
  // The leader is gone; whatever it started in its group (daemon children) goes too, and
  // is waited for: a child still holding a listening socket would keep a port open.
  // There is no event for "group empty", so poll for it, bounded by a deadline.
  WaitUntil([&] { return ::kill(-pid_, SIGKILL) != 0 || !GroupHasLiveMembers(pid_); },
            std::chrono::duration_cast<std::chrono::milliseconds>(kGroupExitTimeout));
  ::close(pidfd_);
  pidfd_ = -1;
}

bool BackgroundProcess::Running() { return !WaitForExit(std::chrono::milliseconds(0)); }

bool BackgroundProcess::WaitForExit(std::chrono::milliseconds timeout) {
  if (pidfd_ < 0) return true;
  pollfd fd{pidfd_, POLLIN, 0};
  int ready;
  do {
    ready = ::poll(&fd, 1, static_cast<int>(timeout.count()));
  } while (ready < 0 && errno == EINTR);
  if (ready <= 0) return false;
  int status = 0;
  ::waitpid(pid_, &status, 0);
  Reap(status);
  return true;
}

RunResult BackgroundProcess::Stop(int signal, std::chrono::milliseconds timeout) {
  if (pidfd_ >= 0) {
    ::kill(-pid_, signal);
    if (!WaitForExit(timeout)) {
      ::kill(-pid_, SIGKILL);
      WaitForExit(std::chrono::seconds(60));
    }
  }
  return status_;
}

Status RequireExecutable(const std::string& path) {
  if (::access(path.c_str(), X_OK) != 0)
    return Error::Unavailable("component missing: " + path + " is not executable");
  return {};
}

Status RequireRoot(const std::string& why) {
  if (::geteuid() != 0) return Error::Unavailable("needs root: " + why);
  return {};
}

RunResult RunToResult(const Command& command, const RunOptions& options) {
  auto result = RunCommand(command, options);
  if (!result) {
    RunResult failed;
    failed.err = result.error().message;
    return failed;
  }
  return *result;
}

}  // namespace mpop::testing
