#include "server/log.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <syslog.h>
#include <unistd.h>

#include <cerrno>

#include "util/i18n.hpp"

namespace mpop::server {
namespace {

std::string_view LevelName(LogLevel level) { return level == LogLevel::kInfo ? "info" : "error"; }

class FileLog final : public Log {
 public:
  explicit FileLog(UniqueFd fd) : fd_(std::move(fd)) {}
  void Write(LogLevel level, std::string_view message) override {
    const std::string line =
        FormatLogLine(std::time(nullptr), ::getpid(), level, SanitizeForLog(message));
    // One write() per line with O_APPEND: lines of concurrent sessions never interleave.
    std::lock_guard lock(mutex_);
    [[maybe_unused]] ssize_t n = ::write(fd_.get(), line.data(), line.size());
  }

 private:
  std::mutex mutex_;
  UniqueFd fd_;
};

class SyslogLog final : public Log {
 public:
  SyslogLog() { ::openlog("mpopd", LOG_PID, LOG_MAIL); }
  ~SyslogLog() override { ::closelog(); }
  void Write(LogLevel level, std::string_view message) override {
    const std::string text = SanitizeForLog(message);
    ::syslog(level == LogLevel::kInfo ? LOG_INFO : LOG_ERR, "%s", text.c_str());
  }
};

}  // namespace

std::string SanitizeForLog(std::string_view text) {
  std::string result(text);
  for (char& c : result) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  }
  return result;
}

std::string FormatLogLine(std::time_t time, pid_t pid, LogLevel level, std::string_view message) {
  std::tm local{};
  ::localtime_r(&time, &local);
  return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}:{:02} mpopd[{}] {}: {}\n", local.tm_year + 1900,
                     local.tm_mon + 1, local.tm_mday, local.tm_hour, local.tm_min, local.tm_sec,
                     pid, LevelName(level), message);
}

Result<std::unique_ptr<Log>> OpenLog(const std::string& spec) {
  if (spec == "none") return std::unique_ptr<Log>(std::make_unique<NullLog>());
  if (spec == "syslog") return std::unique_ptr<Log>(std::make_unique<SyslogLog>());
  UniqueFd fd(::open(spec.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600));
  if (!fd)
    return Error{
        ExitCode::kCantCreate, TrFormat("cannot open log file {}: {}", spec, ErrnoText(errno)), {}};
  return std::unique_ptr<Log>(std::make_unique<FileLog>(std::move(fd)));
}

}  // namespace mpop::server
