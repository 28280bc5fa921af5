#pragma once
// The session log: one line per account session, for the `logfile` and `syslog` settings
// (doc/mpop.1). The line names the host, the user, the counts, the bytes and the result
// (exit code and error message) and nothing secret: AccountReport holds no password or
// token. Several accounts may end at once: each line is appended with one write(2) to a
// file opened with O_APPEND, so lines never mix, also between processes.

#include <chrono>
#include <string>
#include <string_view>

#include "client/account_report.hpp"
#include "util/result.hpp"

namespace mpop::client {

// "host=pop.example.org user=joe account=isp listed=3 new=2 retrieved=2 bytes=5120
// deleted=2 seconds=0.734 exitcode=EX_OK", and " errormsg='...'" after an error. Control
// characters in the values become '?'; a value with a space or none is quoted ('...').
std::string FormatSessionLine(const AccountReport& report);

// Local time with its offset, "2026-12-05T21:01:02+0100": the log file's line prefix.
std::string FormatLogTime(std::chrono::system_clock::time_point time);

// Appends "TIME LINE\n" to `path` ("-": standard output) with one write. Errors are
// kIoErr with the file's name.
Status AppendLogLine(const std::string& path, std::string_view line);

// Sends the line to syslog with `facility` ("LOG_MAIL", ...; as the syslog setting holds
// it), priority LOG_INFO, or LOG_ERR when the session failed, as "mpop[PID]".
void SendToSyslog(const std::string& facility, bool failed, const std::string& line);

}  // namespace mpop::client
