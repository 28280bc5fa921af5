#pragma once
// The re-download guard (issue 20): stops an account before its first RETR when the run
// would fetch a flood of mails the server has kept for a long time, because the state that
// knew them is gone (a deleted or volatile UIDLs file, a new machine, a file from another
// account) or the server re-issued its UIDs (a provider migration). Without it such a run
// fills the mailbox with thousands of copies of old mail.
//
// Only mail kept on the server can come back: with `keep off` every mail on the server is
// one not fetched yet, so the guard stays out of the way. It fires when more than `limit`
// mails would be fetched and either
//   - the UIDLs file holds no list for this account (a first run ever, or lost state), or
//   - the list knows at least `limit` mails but fewer than a tenth of those the server
//     lists (the server's UIDs changed under the same mails).
// A user who came back from a long holiday has many new mails but a state that knows most
// of the old ones, so the guard does not fire for them.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "client/mail_plan.hpp"
#include "config/account.hpp"

namespace mpop::client {

inline constexpr std::size_t kDefaultRedownloadLimit = config::kDefaultRedownloadLimit;

struct RedownloadFacts {
  bool keeps_mail = false;       // `keep` is on or a duration: mails stay on the server
  bool state_has_list = false;   // the UIDLs file holds a list for this account
  std::size_t state_known = 0;   // UIDs in that list
  std::size_t listed = 0;        // mails the server lists now
  std::size_t listed_known = 0;  // of those, how many the list knows
  std::size_t to_fetch = 0;      // mails this run would retrieve
  // Of to_fetch, how many earlier sessions of this run already fetched (a server that hands
  // out mail in portions, client/portions.hpp): the run is judged as a whole.
  std::size_t fetched_earlier = 0;
};

// The one-line reason to stop (for an EX_DATAERR error), or none when the run may go on.
// `limit` none: the guard is off (`redownload_limit off` or --accept-new).
std::optional<std::string> CheckRedownload(const RedownloadFacts& facts,
                                           std::optional<std::size_t> limit);

// The facts of a session's plan: `known_before_filters` is the plan as PlanMailbox made it
// (which mails the state knows), `plan` the same after the size filters (what would be
// fetched); `state_known` the UIDs the state holds for this account (0: no list).
RedownloadFacts FactsOfPlan(const MailPlan& known_before_filters, const MailPlan& plan,
                            std::size_t state_known, bool keeps_mail);

}  // namespace mpop::client
