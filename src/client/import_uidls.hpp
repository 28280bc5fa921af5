#pragma once
// --import-uidls FILE (issue 20): someone switching from fetchmail or getmail6 keeps what
// that fetcher remembers, so the first mpop run fetches nothing twice. The file's format
// is detected (uidls/foreign_state.hpp); the mailbox that belongs to each account (its
// user and host, and the port where the format records one) is merged into the account's
// list in its UIDLs file, through the UIDLs store with its lock and atomic rewrite. No
// connection is made.

#include <cstdint>
#include <string>
#include <vector>

#include "config/account.hpp"
#include "util/result.hpp"

namespace mpop::client {

// Imports `path` into every account of `accounts` that it holds a mailbox for, and returns
// one line per account saying what was imported. UIDs already known keep their first-seen
// time; fetchmail's UIDs, which carry no time, get `now`. Errors: kNoInput when the file
// cannot be read, kDataErr when it is neither format or holds no mailbox of any of the
// accounts (the message lists the mailboxes it does hold), the store's errors.
Result<std::string> ImportUidls(const std::vector<config::Account>& accounts,
                                const std::string& path, std::int64_t now);

}  // namespace mpop::client
