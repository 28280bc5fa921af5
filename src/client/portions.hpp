#pragma once
// Providers that hand out mail in portions (issue 20): some (Gmail) list only a few hundred
// of the oldest mails not fetched yet per session and show the next ones once those were
// fetched. A run therefore opens another session while the previous one looked like such a
// portion: the account keeps its mail on the server, the session fetched mail, every mail
// it listed was new, and it listed at least kMinPortion mails. With `keep` a normal server
// also lists the mails it keeps, which are known, so an all-new listing is the mark of a
// portion (or of a first run, which then costs one more session that finds them known).
// Without `keep` every listing of a normal server is all new: no signal, so no repeat,
// and a big fetch stays one session (doc/ARCHITECTURE.md "Pipelining"); such an account
// gets the next portion in the next run. The cap bounds a server that never runs dry.

#include <cstddef>

#include "client/retrieval.hpp"

namespace mpop::client {

inline constexpr std::size_t kMinPortion = 100;
// Sessions one run opens for one account at most.
inline constexpr int kMaxPortionSessions = 40;

// Whether the session that ended with `outcome` suggests the server has more, for an
// account that keeps (`keeps_mail`) its mail on the server or not.
bool LooksLikePortion(const MailboxOutcome& outcome, bool keeps_mail);

}  // namespace mpop::client
