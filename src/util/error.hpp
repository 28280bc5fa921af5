#pragma once
// Errors are values: a sysexits.h code and one line of text that says what failed and
// what to do. The layer that knows what failed picks the code (doc/COMPAT.md 7.10);
// callers only add context with Within().

#include <string>
#include <string_view>

namespace mpop {

enum class ExitCode : int {
  kOk = 0,
  kUsage = 64,        // EX_USAGE: bad command line
  kDataErr = 65,      // EX_DATAERR: bad input data (UIDLs file format)
  kNoInput = 66,      // EX_NOINPUT: input file missing or unreadable (TLS files)
  kNoUser = 67,       // EX_NOUSER
  kNoHost = 68,       // EX_NOHOST: host name unknown
  kUnavailable = 69,  // EX_UNAVAILABLE: service or feature unavailable
  kSoftware = 70,     // EX_SOFTWARE: internal error
  kOsErr = 71,        // EX_OSERR: system error (socket(), fork())
  kOsFile = 72,       // EX_OSFILE
  kCantCreate = 73,   // EX_CANTCREAT
  kIoErr = 74,        // EX_IOERR: input/output error
  kTempFail = 75,     // EX_TEMPFAIL: temporary failure, retry later
  kProtocol = 76,     // EX_PROTOCOL: remote error in protocol
  kNoPerm = 77,       // EX_NOPERM: permission denied (authentication rejected)
  kConfig = 78,       // EX_CONFIG: configuration error
};

// Name and meaning of a sysexits code ("EX_NOPERM: permission denied"), empty if the
// number is not a sysexits code. Used to explain MDA and filter exit statuses.
std::string_view SysexitsDescription(int code);

struct Error {
  ExitCode code = ExitCode::kSoftware;
  std::string message;  // one line, no "mpop: " prefix, no trailing newline
  // What the server said, when a server reply caused the error; printed on its own line
  // as "POP3 server message: ..." (doc/COMPAT.md 7.4) unless `message` quotes it whole (see
  // FormatErrorLines). Already sanitized for printing.
  std::string server_message;

  bool operator==(const Error&) const = default;

  // Returns a copy with "context: " put in front of the message.
  Error Within(std::string_view context) const;

  static Error Usage(std::string msg) { return {ExitCode::kUsage, std::move(msg), {}}; }
  static Error DataErr(std::string msg) { return {ExitCode::kDataErr, std::move(msg), {}}; }
  static Error NoInput(std::string msg) { return {ExitCode::kNoInput, std::move(msg), {}}; }
  static Error NoHost(std::string msg) { return {ExitCode::kNoHost, std::move(msg), {}}; }
  static Error Unavailable(std::string msg) { return {ExitCode::kUnavailable, std::move(msg), {}}; }
  static Error Software(std::string msg) { return {ExitCode::kSoftware, std::move(msg), {}}; }
  static Error OsErr(std::string msg) { return {ExitCode::kOsErr, std::move(msg), {}}; }
  static Error IoErr(std::string msg) { return {ExitCode::kIoErr, std::move(msg), {}}; }
  static Error TempFail(std::string msg) { return {ExitCode::kTempFail, std::move(msg), {}}; }
  static Error Protocol(std::string msg) { return {ExitCode::kProtocol, std::move(msg), {}}; }
  static Error NoPerm(std::string msg) { return {ExitCode::kNoPerm, std::move(msg), {}}; }
  static Error Config(std::string msg) { return {ExitCode::kConfig, std::move(msg), {}}; }
};

// The lines a program prints for an error on stderr: "PROGRAM: MESSAGE\n", then
// "PROGRAM: POP3 server message: TEXT\n" only when MESSAGE does not already quote the
// server's words whole (a long reply is cut in the quote). The server's words are never
// printed twice (issue #15 item 9).
std::string FormatErrorLines(const Error& error, std::string_view program);

// Text of errno `err` (strerror), for messages like "cannot open X: No such file".
std::string ErrnoText(int err);

}  // namespace mpop
