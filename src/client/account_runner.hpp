#pragma once
// Runs the network modes of mpop (retrieval, --status-only, --auth-only, --serverinfo) for a
// list of finished accounts, concurrently where allowed, printing status and progress to
// the given streams. Returns the exit code of doc/COMPAT.md 7.10 (worst failure; EX_TEMPFAIL
// when more than one account failed).

#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "client/account_report.hpp"
#include "config/account.hpp"
#include "oauth2/curl_library.hpp"
#include "util/error.hpp"

namespace mpop::client {

class StopController;

enum class Mode { kRetrieve, kStatusOnly, kAuthOnly, kServerInfo };

struct RunOptions {
  Mode mode = Mode::kRetrieve;
  bool quiet = false;       // -q: no status, no progress
  bool half_quiet = false;  // -Q: status, no progress
  bool debug = false;       // -d: protocol trace on stdout, no progress
  int max_parallel = 8;     // accounts retrieved at the same time (-j)
  bool accept_new = false;  // --accept-new: the re-download guard stays quiet
  bool mark_seen = false;   // --mark-seen: record every listed mail, fetch none
  bool dry_run = false;     // --dry-run: print what would happen, change nothing
  // --json: JSON Lines on stdout instead of the human text (client/json_events.hpp); each
  // account's lines come whole and in the order of the accounts, then one "run_end".
  bool json = false;
  std::string system_netrc = "/etc/netrc";  // SYSCONFDIR/netrc
  // For accounts with oauth2_*: libcurl, initialised by the caller before any thread
  // starts (null when no account needs it), and where the tokens are stored.
  const oauth2::CurlLibrary* http_library = nullptr;
  std::string oauth2_token_directory{};
  // Called once per account when it has ended, on the thread that ran it (so possibly on
  // several threads at once); null: nobody listens.
  std::function<void(const AccountReport&)> on_account_end{};
  // mpop --poll (client/poll_loop.hpp): the loop's stop controller, which lives across its
  // runs (null: RunAccounts makes its own), and whether a failed account's error is
  // printed (null: always; called on the account's thread, with the report filled in).
  StopController* stop = nullptr;
  std::function<bool(const AccountReport&)> print_error{};
};

ExitCode RunAccounts(const std::vector<config::Account>& accounts, const RunOptions& options);

}  // namespace mpop::client
