#include "client/import_uidls.hpp"

#include <fmt/format.h>

#include "client/login.hpp"
#include "client/retrieval.hpp"
#include "config/finish.hpp"
#include "uidls/foreign_state.hpp"
#include "uidls/store.hpp"
#include "util/i18n.hpp"

namespace mpop::client {
namespace {

std::string ServerName(const config::Account& account) {
  return account.socket ? *account.socket : account.host.value_or("");
}

std::string MailboxNames(const uidls::ForeignState& state) {
  std::string names;
  for (const uidls::ForeignMailbox& mailbox : state.mailboxes) {
    if (!names.empty()) names += ", ";
    names += mailbox.user + "@" + mailbox.host;
    if (mailbox.port) names += fmt::format(":{}", *mailbox.port);
  }
  return names.empty() ? "none" : names;
}

// Merges `mailbox` into the account's list; returns how many UIDs were new to it.
Result<std::size_t> MergeInto(const config::Account& account, const uidls::ForeignMailbox& mailbox,
                              std::int64_t now) {
  auto store = uidls::Store::Open(config::ExpandUidlsFile(account), ServerName(account),
                                  UidlsUser(account), now);
  if (!store) return std::move(store).error();
  uidls::UidMap uids = store->uids();
  const std::size_t before = uids.size();
  for (const uidls::ForeignUid& uid : mailbox.uids) {
    uids.emplace(uid.uid, uid.first_seen.value_or(now));
  }
  const std::size_t added = uids.size() - before;
  MPOP_TRY(store->Commit(std::move(uids)));
  return added;
}

}  // namespace

Result<std::string> ImportUidls(const std::vector<config::Account>& accounts,
                                const std::string& path, std::int64_t now) {
  auto state = uidls::ReadForeignState(path);
  if (!state) return std::move(state).error();
  const std::string_view format = uidls::FormatName(state->format);
  std::string report;
  bool matched = false;
  for (const config::Account& account : accounts) {
    const std::string user = account.user.value_or("");
    const std::string host = ServerName(account);
    const uidls::ForeignMailbox* mailbox =
        uidls::FindForeignMailbox(*state, user, host, ServerPort(account));
    if (mailbox == nullptr) {
      report += TrFormat("{} at {}: {} holds no mailbox of this account\n", user, host, path);
      continue;
    }
    matched = true;
    Result<std::size_t> added = MergeInto(account, *mailbox, now);
    if (!added) return std::move(added).error();
    report += TrFormat("{} at {}: imported {} UIDs ({} new) from {} ({})\n", user, host,
                       mailbox->uids.size(), *added, path, format);
  }
  if (!matched) {
    return Error::DataErr(TrFormat("{} ({}) holds no mailbox of the accounts given; it holds: {}",
                                   path, format, MailboxNames(*state)));
  }
  return report;
}

}  // namespace mpop::client
