#pragma once
// RunDaemon: everything mpopd does after its command line is parsed: open the log, obtain
// the passwords (once, at start-up), then serve: the listening server or, with --inetd,
// one session on stdin/stdout.
//
// Passwords (manual chapter 10): the first line of the --auth command's output, or else
// the keyring entry (host "localhost", service "pop3", user; libsecret), or else a prompt on
// the terminal. Never netrc.

#include "net/abort_signal.hpp"
#include "server/options.hpp"
#include "util/result.hpp"

namespace mpop::server {

class Log;

enum class DaemonOutcome {
  kOk,                  // stopped by `stop`, or the inetd session ended with QUIT
  kInetdSessionFailed,  // the inetd session ended without QUIT
};

// Errors are start-up errors (the caller exits with 3, doc/COMPAT.md 9): the log file cannot be
// opened, the TLS certificate or key cannot be loaded ("cannot load TLS certificate C with
// key K: REASON"), a password cannot be obtained, the address cannot be listened on.
Result<DaemonOutcome> RunDaemon(const DaemonOptions& options, net::AbortSignal stop);

}  // namespace mpop::server
