#pragma once
// Which accounts may run at the same time: accounts that share a UIDLs file or a delivery
// target must run one after another (they would wait for each other's locks, or interleave
// their mails), everything else may run concurrently.

#include <string>
#include <vector>

namespace mpop::client {

// What an account touches that another account must not touch at the same time.
struct AccountResources {
  std::string uidls_file;       // expanded path
  std::string delivery_target;  // "maildir:/path", "mbox:/path", "mda:cmd", ...
};

// Partitions account indices into groups: accounts sharing any resource (directly or
// through a chain) land in the same group, in their original order. Groups are ordered by
// their first account.
std::vector<std::vector<int>> GroupConflictingAccounts(
    const std::vector<AccountResources>& resources);

}  // namespace mpop::client
