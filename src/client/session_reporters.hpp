#pragma once
// What reports on account sessions that nobody watches, as RunOptions::on_account_end
// (client/account_runner.hpp): the session log (the logfile and syslog settings,
// client/session_log.hpp) and the metrics file (--metrics-file, client/metrics_file.hpp).
// The poll loop calls the same function after each of its sessions. A log or metrics file
// that cannot be written is a warning (on stderr, or a "warning" object with --json),
// never a failed account.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "client/account_report.hpp"
#include "config/account.hpp"
#include "util/result.hpp"

namespace mpop::client {

using AccountEndFunction = std::function<void(const AccountReport&)>;

struct ReporterOptions {
  std::optional<std::string> metrics_file{};  // --metrics-file
  bool json = false;                          // --json: warnings as JSON Lines
};

// The function to hand to on_account_end; safe to call from several threads at once.
// Fails when the metrics file exists but cannot be read (kIoErr), and with --json when an
// account's logfile is "-" (kUsage: standard output is --json's).
Result<AccountEndFunction> OpenSessionReporters(const ReporterOptions& options,
                                                const std::vector<config::Account>& accounts);

// One on_account_end that calls `first`, then `second` (either may be empty).
AccountEndFunction ChainAccountEnd(AccountEndFunction first, AccountEndFunction second);

}  // namespace mpop::client
