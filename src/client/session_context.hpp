#pragma once
// What every stage of an account's session shares: the account, the run options, where
// output goes, the stop controller, and the process-wide identity for Received headers.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "client/account_output.hpp"
#include "client/account_runner.hpp"
#include "client/stop_controller.hpp"
#include "config/account.hpp"
#include "delivery/sequence.hpp"
#include "util/file_system.hpp"
#include "util/result.hpp"

namespace mpop::client {

// Computed once per process, only when some account writes Received headers.
struct LocalIdentity {
  std::string host;   // canonical host name
  std::string login;  // sanitized login name
};

// What the earlier sessions of this run did for the account, when the server hands out
// mail in portions (client/portions.hpp): the re-download guard judges the run as a whole.
struct EarlierSessions {
  std::size_t fetched = 0;      // mails they fetched
  std::size_t state_known = 0;  // UIDs the UIDLs file knew when the first one began
};

struct SessionContext {
  const config::Account& account;
  const RunOptions& options;
  AccountOutput& out;
  StopController& stop;
  const LocalIdentity& identity;
  delivery::DeliverySequence* sequence;  // the process's Q<seq> for maildir/exchange names
  std::int64_t session_time = 0;         // time(NULL) at the start, for keep ages
  // The file system calls of delivery and the UIDLs store (tests inject faults through
  // it); null: util::PosixFileSystem().
  const util::FileSystem* file_system = nullptr;
  // The monotonic clock of the batching (client/mail_batch.hpp); empty: steady_clock.
  std::function<std::chrono::steady_clock::time_point()> clock = {};
  // None in the first session of a run.
  std::optional<EarlierSessions> earlier = std::nullopt;
  // Where the mailbox stage records what it found and did (client/mail_report.hpp); null:
  // nowhere.
  AccountReport* report = nullptr;

  bool progress_enabled() const { return !options.quiet && !options.half_quiet && !options.debug; }
  // The server's name for messages: host, or the socket path.
  std::string ServerName() const;
  // Fails with "interrupted by signal N" (EX_TEMPFAIL) once a stop was requested.
  Status CheckStop() const;
};

}  // namespace mpop::client
