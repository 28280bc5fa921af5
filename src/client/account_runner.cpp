#include "client/account_runner.hpp"

#include <signal.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <optional>
#include <thread>

#include "client/account_groups.hpp"
#include "client/account_output.hpp"
#include "client/account_session.hpp"
#include "client/json_events.hpp"
#include "client/json_lines.hpp"
#include "client/stop_controller.hpp"
#include "config/finish.hpp"
#include "delivery/local_identity.hpp"
#include "util/i18n.hpp"

namespace mpop::client {
namespace {

// The delivery target accounts must not share at the same time; empty: none. Kinds that
// take concurrent writers (a maildir by design, an mbox locked per mail) let accounts
// into one inbox run side by side; an MDA command may not be safe twice at once.
std::string DeliveryTarget(const config::Delivery& delivery) {
  if (delivery.kind == nullptr || delivery.kind->concurrent_writers) return {};
  return std::string(delivery.kind->name) + ":" + delivery.argument;
}

std::string AccountDescription(const config::Account& account) {
  if (account.name.empty()) return {};
  return TrFormat(" (account {} from {})", account.name, account.config_file);
}

// Prints an account's error the way doc/COMPAT.md 7.4 shows it.
void ReportError(const config::Account& account, const Error& error, RunOptions options,
                 AccountOutput& out) {
  std::string text = FormatErrorLines(error, "mpop");
  const char* what = options.mode == Mode::kServerInfo
                         ? Tr("error while getting server information")
                     : options.mode == Mode::kAuthOnly ? Tr("authentication failed")
                                                       : Tr("error during mail retrieval");
  text += std::string("mpop: ") + what + AccountDescription(account) + "\n";
  out.Err(text);
}

// The Received header needs our host and login name; finding the canonical host name may
// cost a DNS query, so only do it when some account writes that header.
LocalIdentity FindLocalIdentity(const std::vector<config::Account>& accounts,
                                const RunOptions& options) {
  if (options.mode != Mode::kRetrieve) return {};
  for (const config::Account& account : accounts) {
    if (account.received_header) {
      return {delivery::LocalCanonicalHostName(), delivery::LocalLoginName()};
    }
  }
  return {};
}

AccountReport StartReport(const config::Account& account) {
  AccountReport report;
  report.account = account.name;
  report.host = account.host.value_or("");
  report.user = account.user.value_or("");
  report.started = std::chrono::system_clock::now();
  report.logfile = account.logfile.value_or("");
  report.syslog = account.syslog;
  return report;
}

// --json: what the account did, after its session (a mail's deletion is only known after
// QUIT; the "status" object came when the mailbox was listed, client/mail_report.hpp).
void PrintAccountJson(const AccountReport& report, const RunOptions& options,
                      const std::optional<Error>& failure, AccountOutput& out) {
  for (const MailEvent& mail : report.mails) out.Json(MailJson(report, mail));
  if (failure) out.Json(ErrorJson(&report.account, *failure));
  out.Json(AccountEndJson(report, ModeName(options)));
}

}  // namespace

ExitCode RunAccounts(const std::vector<config::Account>& accounts, const RunOptions& options) {
  // A POP3 server closing the connection must be an error, not a process-killing signal.
  signal(SIGPIPE, SIG_IGN);
  std::optional<StopController> own_stop;
  StopController& stop = options.stop != nullptr ? *options.stop : own_stop.emplace();
  ConsoleLock console;

  std::vector<AccountResources> resources;
  for (const config::Account& account : accounts) {
    resources.push_back({config::ExpandUidlsFile(account), options.mode == Mode::kRetrieve
                                                               ? DeliveryTarget(account.delivery)
                                                               : std::string()});
  }
  const LocalIdentity identity = FindLocalIdentity(accounts, options);
  delivery::DeliverySequence sequence;
  std::vector<std::vector<int>> groups = GroupConflictingAccounts(resources);
  const int workers = std::max(1, std::min(options.max_parallel, static_cast<int>(groups.size())));
  if (workers == 1) {
    // One at a time: exactly in the order given (the manual's promise for -j1), not
    // group by group.
    groups.assign(1, std::vector<int>(accounts.size()));
    for (std::size_t i = 0; i < accounts.size(); ++i) groups[0][i] = static_cast<int>(i);
  }
  // Several at a time: each account's output is collected and printed whole, in the order
  // of the accounts, however their sessions interleave.
  const bool buffered = workers > 1;
  OrderedPrinter printer(console, accounts.size());

  std::vector<std::optional<Error>> failures(accounts.size());
  std::atomic<std::size_t> next_group{0};
  auto work = [&] {
    for (std::size_t g; (g = next_group++) < groups.size();) {
      for (int index : groups[g]) {
        AccountOutput out(console, buffered, &printer, static_cast<std::size_t>(index));
        if (options.json) out.EnableJson(accounts[index].name);
        if (stop.stopped()) {
          failures[index] = Error::TempFail(Tr("interrupted by a signal"));
          out.Json(ErrorJson(&accounts[index].name, *failures[index]));
          continue;
        }
        AccountReport report = StartReport(accounts[index]);
        out.Json(AccountStartJson(report, ModeName(options)));
        const auto began = std::chrono::steady_clock::now();
        Status status =
            RunAccountSession(accounts[index], options, out, stop, identity, sequence, report);
        report.seconds = std::chrono::steady_clock::now() - began;
        report.retrieved = std::max(report.retrieved, report.delivered);
        if (!status) {
          failures[index] = status.error();
          report.code = status.error().code;
          report.error = status.error().message;
          if (!options.json && (!options.print_error || options.print_error(report))) {
            ReportError(accounts[index], status.error(), options, out);
          }
        }
        if (options.json) PrintAccountJson(report, options, failures[index], out);
        if (options.on_account_end) options.on_account_end(report);
      }
    }
  };
  std::vector<std::thread> threads;
  for (int i = 1; i < workers; ++i) threads.emplace_back(work);
  work();
  for (std::thread& thread : threads) thread.join();

  // doc/COMPAT.md 7.10: the code of the failure if one account failed, EX_TEMPFAIL if several.
  int failed = 0;
  ExitCode code = ExitCode::kOk;
  for (const auto& failure : failures) {
    if (failure) {
      if (++failed == 1) code = failure->code;
    }
  }
  const ExitCode result = failed > 1 ? ExitCode::kTempFail : code;
  if (options.json) {
    std::lock_guard lock(console.mutex());
    JsonLines().Write(RunEndJson(result, accounts.size(), static_cast<std::size_t>(failed)));
  }
  return result;
}

}  // namespace mpop::client
