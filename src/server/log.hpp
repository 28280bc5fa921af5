#pragma once
// Log: mpopd's log (--log=none|syslog|FILE), shared by all session threads.
//
// File lines look like upstream's (doc/COMPAT.md 9), in local time:
//   "2026-11-26 09:12:01 mpopd[4242] info: connection from 127.0.0.1 port 41234, ..."
// Syslog: ident "mpopd", LOG_PID, facility LOG_MAIL, LOG_INFO / LOG_ERR.

#include <sys/types.h>

#include <ctime>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "util/result.hpp"
#include "util/unique_fd.hpp"

namespace mpop::server {

enum class LogLevel { kInfo, kError };

class Log {
 public:
  virtual ~Log() = default;
  // Thread-safe. message is one line without line end; control characters a client
  // may have sent (user names) are replaced by '?'.
  virtual void Write(LogLevel level, std::string_view message) = 0;

  void Info(std::string_view message) { Write(LogLevel::kInfo, message); }
  void Error(std::string_view message) { Write(LogLevel::kError, message); }
};

// Logs nothing.
class NullLog final : public Log {
 public:
  void Write(LogLevel, std::string_view) override {}
};

// One log-file line with its "\n", for `time` in local time.
std::string FormatLogLine(std::time_t time, pid_t pid, LogLevel level, std::string_view message);

// Replaces control characters (and DEL) by '?'.
std::string SanitizeForLog(std::string_view text);

// Opens the log the --log value names: "none", "syslog", or a file appended to (created
// with mode 0600 if missing). Errors: kCantCreate "cannot open log file F: REASON".
Result<std::unique_ptr<Log>> OpenLog(const std::string& spec);

}  // namespace mpop::server
