#include "util/shell.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "util/i18n.hpp"
#include "util/unique_fd.hpp"

extern char** environ;

namespace mpop {
namespace {

std::string Quoted(std::string_view command) { return "'" + std::string(command) + "'"; }

// Spawns /bin/sh -c command with stdout on a pipe; returns the read end and the pid.
Result<std::pair<UniqueFd, pid_t>> SpawnWithStdoutPipe(std::string_view command) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0)
    return Error::OsErr(TrFormat("cannot create pipe: {}", ErrnoText(errno)));
  UniqueFd read_end(fds[0]), write_end(fds[1]);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, write_end.get(), 1);
  std::string command_string(command);
  char sh[] = "/bin/sh", dash_c[] = "-c";
  char* argv[] = {sh, dash_c, command_string.data(), nullptr};
  pid_t pid = -1;
  int rc = posix_spawn(&pid, "/bin/sh", &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return Error::OsErr(TrFormat("cannot run {}: {}", Quoted(command), ErrnoText(rc)));
  return std::pair{std::move(read_end), pid};
}

}  // namespace

Result<std::string> EvalFirstLine(std::string_view command) {
  auto spawned = SpawnWithStdoutPipe(command);
  if (!spawned) return std::move(spawned).error();
  auto& [out, pid] = *spawned;
  std::string output;
  char buffer[4096];
  for (;;) {
    ssize_t n = ::read(out.get(), buffer, sizeof buffer);
    if (n > 0) {
      // Keep only what we need: everything up to the first newline.
      if (output.find('\n') == std::string::npos) output.append(buffer, n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    break;
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFSIGNALED(status))
    return Error::IoErr(TrFormat("{} was killed by a signal", Quoted(command)));
  if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
    return Error::IoErr(
        TrFormat("{} failed with exit status {}", Quoted(command), WEXITSTATUS(status)));
  }
  if (output.empty()) return Error::IoErr(TrFormat("cannot read output of {}", Quoted(command)));
  auto newline = output.find('\n');
  if (newline != std::string::npos) {
    output.resize(newline);
    if (!output.empty() && output.back() == '\r') output.pop_back();
  }
  return output;
}

}  // namespace mpop
