#pragma once
// AccountReport: what one account's run (its session, or several while the server hands
// out mail in portions) did, for whoever reports on runs nobody watches: the JSON Lines
// output, the log file and syslog, the metrics file, and the poll loop's schedule. The
// runner fills it and hands it to RunOptions::on_account_end when the account has ended.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "util/error.hpp"

namespace mpop::client {

struct AccountReport {
  std::string account;  // the account's name; empty for the --host pseudo-account
  std::string host;
  std::string user;
  std::chrono::system_clock::time_point started{};
  std::chrono::duration<double> seconds{};  // how long the account's run took

  // What happened to the mails (retrieval; the other modes leave these 0).
  std::size_t listed = 0;     // mails the server listed
  std::size_t new_mails = 0;  // of those, how many the UIDLs file did not know
  std::size_t retrieved = 0;  // fetched and delivered

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
