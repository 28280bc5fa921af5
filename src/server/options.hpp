#pragma once
// mpopd's command line (manual chapter 10, doc/COMPAT.md 9), plus our --idle-timeout,
// --max-sessions and TLS: --tls-cert-file and --tls-key-file (both or neither) and
// --tls=starttls|implicit (default starttls; only with a certificate).
//
// Syntax like getopt_long: "--name=value" or "--name value" for options that need a value,
// unique abbreviations ("--int=::1"), "--" ends the options. No positional arguments.
// Each --maildir belongs to the --auth before it; every --auth needs exactly one.
// All errors are kUsage (the caller exits with 3, as upstream does); the messages are
// whole sentences without the "mpopd: " prefix.

#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "util/result.hpp"

namespace mpop::server {

struct MailboxSpec {
  std::string user;
  std::optional<std::string> password_eval;  // the command after the comma in --auth
  std::string maildir;

  bool operator==(const MailboxSpec&) const = default;
};

enum class TlsMode {
  kStarttls,  // the STLS command (RFC 2595)
  kImplicit,  // TLS from the first byte (POP3S)
};

struct DaemonOptions {
  bool inetd = false;
  std::string interface = "127.0.0.1";
  int port = 1100;
  std::string log = "none";  // "none", "syslog" or a file name
  std::vector<MailboxSpec> mailboxes;
  std::chrono::seconds idle_timeout{600};  // RFC 1939 section 3: at least 10 minutes
  int max_sessions = 16;
  // Both set, or both empty (no TLS). PEM files, loaded by RunDaemon.
  std::string tls_cert_file;
  std::string tls_key_file;
  TlsMode tls_mode = TlsMode::kStarttls;

  bool tls() const { return !tls_cert_file.empty(); }
  bool operator==(const DaemonOptions&) const = default;
};

enum class DaemonAction { kRun, kHelp, kVersion };

struct DaemonCommandLine {
  DaemonAction action = DaemonAction::kRun;
  DaemonOptions options;

  bool operator==(const DaemonCommandLine&) const = default;
};

// args without the program name. --help and --version win over everything after them,
// as with upstream; errors before them are still errors.
Result<DaemonCommandLine> ParseDaemonCommandLine(std::span<const std::string> args);

}  // namespace mpop::server
