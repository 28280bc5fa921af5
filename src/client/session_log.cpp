#include "client/session_log.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <syslog.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <ctime>
#include <mutex>

#include "client/json_lines.hpp"
#include "util/i18n.hpp"
#include "util/unique_fd.hpp"

namespace mpop::client {
namespace {

// A value for "key=value": printable, quoted when it holds a space or is empty.
std::string Value(std::string_view text) {
  std::string value;
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    value += (byte < 0x20 || byte == 0x7f) ? '?' : c;
  }
  if (value.empty() || value.find_first_of(" '") != std::string::npos) {
    std::string quoted = "'";
    for (char c : value) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return quoted + "'";
  }
  return value;
}

int FacilityCode(std::string_view name) {
  if (name == "LOG_USER") return LOG_USER;
  if (name == "LOG_DAEMON") return LOG_DAEMON;
  static constexpr int kLocal[] = {LOG_LOCAL0, LOG_LOCAL1, LOG_LOCAL2, LOG_LOCAL3,
                                   LOG_LOCAL4, LOG_LOCAL5, LOG_LOCAL6, LOG_LOCAL7};
  if (name.starts_with("LOG_LOCAL") && name.size() == 10 && name[9] >= '0' && name[9] <= '7') {
    return kLocal[name[9] - '0'];
  }
  return LOG_MAIL;
}

}  // namespace

std::string FormatSessionLine(const AccountReport& report) {
  std::string line = fmt::format(
      "host={} user={} account={} listed={} new={} retrieved={} bytes={} deleted={} "
      "seconds={:.3f} exitcode={}",
      Value(report.host), Value(report.user), Value(report.account), report.listed,
      report.new_mails, report.retrieved, report.bytes, report.deleted, report.seconds.count(),
      ExitCodeName(report.code));
  if (report.code != ExitCode::kOk) {
    std::string message = Value(report.error);
    if (!message.starts_with("'")) message = "'" + message + "'";
    line += " errormsg=" + message;
  }
  return line;
}

std::string FormatLogTime(std::chrono::system_clock::time_point time) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm local{};
  localtime_r(&seconds, &local);
  char text[40];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S%z", &local);
  return text;
}

Status AppendLogLine(const std::string& path, std::string_view line) {
  const std::string text =
      FormatLogTime(std::chrono::system_clock::now()) + " " + std::string(line) + "\n";
  if (path == "-") {
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
    return {};
  }
  UniqueFd fd(::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600));
  if (!fd) {
    return Error::IoErr(TrFormat("cannot open log file {}: {}", path, std::strerror(errno)));
  }
  const ssize_t written = ::write(fd.get(), text.data(), text.size());
  if (written != static_cast<ssize_t>(text.size())) {
    const int error = written < 0 ? errno : ENOSPC;
    return Error::IoErr(TrFormat("cannot write log file {}: {}", path, std::strerror(error)));
  }
  return {};
}

void SendToSyslog(const std::string& facility, bool failed, const std::string& line) {
  // The identity and the PID are the process's; openlog only once, the string lives on.
  static std::once_flag opened;
  std::call_once(opened, [] { ::openlog("mpop", LOG_PID, LOG_MAIL); });
  ::syslog(FacilityCode(facility) | (failed ? LOG_ERR : LOG_INFO), "%s", line.c_str());
}

}  // namespace mpop::client
