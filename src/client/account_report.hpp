#pragma once
// AccountReport: what one account's run (its session, or several while the server hands
// out mail in portions) did, for whoever reports on runs nobody watches: the JSON Lines
// output, the log file and syslog, the metrics file, and the poll loop's schedule. The
// runner fills it and hands it to RunOptions::on_account_end when the account has ended.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "util/error.hpp"

namespace mpop::client {

// What a retrieval did with one mail (--json's "mail" objects).
enum class MailFate {
  kDelivered,     // fetched and delivered
  kSkipped,       // left on the server unfetched (skipsize, the filter said skip)
  kKilled,        // deleted without fetching (killsize, the filter said kill)
  kOld,           // retrieved in an earlier run (deleted unless only_new is off or keep)
  kNotDelivered,  // was to be fetched, but the session ended before it was delivered
};

struct MailEvent {
  std::size_t number = 0;          // the server's message number in its session
  std::optional<std::string> uid;  // none without UIDL
  std::uint64_t size = 0;          // as the server listed it
  MailFate fate = MailFate::kDelivered;
  std::string reason;        // for skipped and killed mails: "skipsize", "killsize", "filter"
  std::string delivered_to;  // for delivered mails: "maildir /path", "mda cmd", ...
  bool deleted = false;      // the server removed it (DELE, then a successful QUIT)
  bool kept = false;         // a deletion the keep setting held back
};

// The status line's numbers (doc/COMPAT.md 7.4).
struct MailboxStatus {
  std::size_t new_mails = 0;
  std::uint64_t new_bytes = 0;
  std::size_t mails = 0;
  std::uint64_t bytes = 0;
};

struct AccountReport {
  std::string account;  // the account's name; empty for the --host pseudo-account
  std::string host;
  std::string user;
  std::chrono::system_clock::time_point started{};
  std::chrono::duration<double> seconds{};  // how long the account's run took

  // What happened to the mails (retrieval; the other modes leave these 0).
  std::size_t listed = 0;               // mails the server listed
  std::size_t new_mails = 0;            // of those, how many the UIDLs file did not know
  std::size_t retrieved = 0;            // fetched and delivered
  std::uint64_t bytes = 0;              // of those, as the server listed their sizes
  std::size_t deleted = 0;              // mails the server removed
  std::optional<MailboxStatus> status;  // the last session's mailbox, when it got that far
  std::vector<MailEvent> mails;         // every session's mails, in order

  // Where the account's session line goes (client/session_log.hpp): its logfile setting
  // (empty: none; "-": standard output) and syslog facility (empty: no syslog).
  std::string logfile;
  std::string syslog;

  ExitCode code = ExitCode::kOk;  // doc/COMPAT.md 7.10
  std::string error;              // the error's message when code is not kOk

  // What the server said about when to come back (RFC 2449 section 6.8), for the poll
  // loop: the LOGIN-DELAY capability's seconds, and whether the login was refused with
  // [LOGIN-DELAY] or [IN-USE].
  std::optional<std::chrono::seconds> login_delay;
  bool refused_login_delay = false;
  bool refused_in_use = false;
};

}  // namespace mpop::client
