#pragma once
// Providers that hand out mail in portions (issue 20): some (Gmail) list only a few hundred
// of the oldest new mails per session and show the next ones once those were fetched. A
// run therefore opens another session while the previous one looked like such a portion:
// it fetched mail, every mail it listed was new (a normal server also lists the mails it
// keeps, which are known), and it listed at least kMinPortion mails (a small mailbox is
// no portion). A normal server with `keep off` may cost one more session that finds
// nothing; the cap bounds a server that never runs dry.

#include <cstddef>

#include "client/retrieval.hpp"

namespace mpop::client {

inline constexpr std::size_t kMinPortion = 100;
// Sessions one run opens for one account at most.
inline constexpr int kMaxPortionSessions = 40;

// Whether the session that ended with `outcome` suggests the server has more.
bool LooksLikePortion(const MailboxOutcome& outcome);

}  // namespace mpop::client
