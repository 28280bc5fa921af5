#include "auth/terminal_prompt.hpp"

#include <errno.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <termios.h>
#include <unistd.h>

#include "util/i18n.hpp"
#include "util/unique_fd.hpp"

namespace mpop::auth {
namespace {

// A password longer than this is a runaway input, not a password.
constexpr std::size_t kMaxPasswordLength = 65536;

// Turns echo off for its lifetime and restores the saved settings on destruction.
class EchoOff {
 public:
  EchoOff(int fd, const termios& saved) : fd_(fd), saved_(saved) {
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO | ECHOE | ECHOK | ECHONL);
    // TCSAFLUSH drops type-ahead, which was typed before echo went off and so was shown.
    active_ = ::tcsetattr(fd_, TCSAFLUSH, &quiet) == 0;
  }
  ~EchoOff() {
    if (active_) ::tcsetattr(fd_, TCSANOW, &saved_);
  }
  EchoOff(const EchoOff&) = delete;
  EchoOff& operator=(const EchoOff&) = delete;

  bool active() const { return active_; }

 private:
  int fd_;
  termios saved_;
  bool active_ = false;
};

Status WriteText(int fd, std::string_view text, const std::string& terminal) {
  while (!text.empty()) {
    ssize_t n = ::write(fd, text.data(), text.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      return Error::IoErr(TrFormat("cannot write to {}: {}", terminal, ErrnoText(errno)));
    }
    text.remove_prefix(static_cast<std::size_t>(n));
  }
  return {};
}

Result<SecretString> ReadLine(int fd, const std::string& terminal) {
  std::string line;
  line.reserve(256);
  while (true) {
    char c;
    ssize_t n = ::read(fd, &c, 1);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 || n == 0 || line.size() >= kMaxPasswordLength) {
      std::string why = n < 0    ? ErrnoText(errno)
                        : n == 0 ? Tr("end of input")
                                 : Tr("line too long");
      SecretString::Wipe(line);
      return Error::IoErr(TrFormat("cannot read the password from {}: {}", terminal, why));
    }
    if (c == '\n') break;
    line += c;
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return SecretString(std::move(line));
}

}  // namespace

Result<std::optional<SecretString>> PromptOnTerminal(std::string_view prompt,
                                                     const std::string& terminal) {
  // O_NOCTTY: a process without a controlling terminal must not acquire this one.
  UniqueFd fd(::open(terminal.c_str(), O_RDWR | O_NOCTTY | O_CLOEXEC));
  termios saved;
  if (!fd || !::isatty(fd.get()) || ::tcgetattr(fd.get(), &saved) != 0) {
    return std::optional<SecretString>();
  }
  EchoOff echo_off(fd.get(), saved);
  if (!echo_off.active()) {
    return Error::IoErr(TrFormat("cannot turn off echo on {}: {}", terminal, ErrnoText(errno)));
  }
  MPOP_TRY(WriteText(fd.get(), prompt, terminal));
  Result<SecretString> password = ReadLine(fd.get(), terminal);
  if (!password) return std::move(password).error();
  MPOP_TRY(WriteText(fd.get(), "\n", terminal));
  return std::optional<SecretString>(std::move(*password));
}

}  // namespace mpop::auth
