#pragma once
// MailPlan: what to do with each message of the mailbox (doc/COMPAT.md 1.1 steps 12-17, 8):
// old mails (retrieved in an earlier session) are deleted when only_new is on, killsize
// deletes without retrieving, skipsize leaves a mail alone, everything else is retrieved.
// At the end, `keep` turns a deletion of a mail younger than the keep duration into a
// skip. Pure logic: no I/O, so every rule is unit-tested.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mpop::client {

enum class MailAction : std::uint8_t {
  kRetrieve,  // fetch and deliver (then delete, unless kept)
  kDelete,    // delete without fetching (old mail, killsize, filter)
  kIgnore,    // leave on the server, do not record (skipsize, filter skip)
};

enum class ActionReason : std::uint8_t { kNone, kOld, kKillsize, kSkipsize, kFilter };

// One per mail on the server, so kept small (32 bytes; the UID lies in the listing, see
// doc/ARCHITECTURE.md "Compact UIDs").
struct PlannedMail {
  std::uint64_t size = 0;
  std::int64_t first_seen = 0;  // when its UID was first recorded; session time if new
  // The UID's bytes, through uid() and set_uid(): a pointer and a 32-bit length instead of an
  // optional<string_view> save 16 bytes per mail.
  const char* uid_bytes = nullptr;
  std::uint32_t uid_length = 0;
  MailAction action = MailAction::kRetrieve;
  ActionReason reason = ActionReason::kNone;
  bool old = false;         // known from an earlier session, or recorded in this one
  bool shares_uid = false;  // the server gave another message the same UID

  // nullopt: no UIDL, or a new mail whose UID a later mail of the same session shares (the
  // last of those records the UID, see PlanMailbox). Points into the UIDs the plan was made
  // from (the server's listing), which must outlive the plan.
  std::optional<std::string_view> uid() const {
    if (uid_bytes == nullptr) return std::nullopt;
    return std::string_view(uid_bytes, uid_length);
  }
  // UIDs are short: a POP3 line is at most 8190 bytes (pop3/line_reader.hpp).
  void set_uid(std::optional<std::string_view> uid) {
    uid_bytes = uid ? uid->data() : nullptr;
    uid_length = uid ? static_cast<std::uint32_t>(uid->size()) : 0;
  }
  bool operator==(const PlannedMail& other) const {
    return size == other.size && first_seen == other.first_seen && uid() == other.uid() &&
           action == other.action && reason == other.reason && old == other.old &&
           shares_uid == other.shares_uid;
  }
};
static_assert(sizeof(PlannedMail) <= 32);

struct PlanSettings {
  bool only_new = true;
  std::int64_t killsize = -1;  // -1: off
  std::int64_t skipsize = -1;  // -1: off
  std::int64_t keep_seconds = 0;
  std::int64_t session_time = 0;
};

// Builds the plan for `count` mails. `sizes` has their sizes or is empty (not known yet:
// 0); `first_seen` returns the stored first-seen time of a UID, or nullopt if it is new.
//
// Mails that share a UID (broken servers, migrations) cannot be told apart across sessions,
// so they are one unit: all old if the UID is known, else all retrieved, and only the last
// of them (in message order, the order of retrieval) carries the UID, so the UID is
// recorded once every one of them is delivered. A crash in between fetches the earlier
// ones again (a duplicate) rather than deleting a later one that was never fetched.
//
// `uid_at(i)` gives mail i's usable UID (nullptr: no UIDs at all); `may_share` false
// promises that no two mails have the same UID, which spares looking for them.
std::vector<PlannedMail> PlanMailbox(
    std::size_t count, const std::vector<std::uint64_t>& sizes,
    const std::function<std::optional<std::string_view>(std::size_t)>& uid_at,
    const std::function<std::optional<std::int64_t>(std::string_view)>& first_seen,
    const PlanSettings& settings, bool may_share = true);
// The same over `sizes` and a vector of UIDs indexed like them (nullopt: no UIDL), which
// must outlive the plan: pass an optional that lives on, since a plain vector is copied into
// a temporary one.
std::vector<PlannedMail> PlanMailbox(
    const std::vector<std::uint64_t>& sizes,
    const std::optional<std::vector<std::optional<std::string>>>& uids,
    const std::function<std::optional<std::int64_t>(const std::string&)>& first_seen,
    const PlanSettings& settings);

// The one-line warning for new mails that share a UID (they are retrieved this once), or
// nullopt when there are none. Message numbers count from 1.
std::optional<std::string> SharedUidWarning(const std::vector<PlannedMail>& plan);

// Applies the size filters to mails still marked kRetrieve (killsize wins over skipsize,
// both compare with >=, doc/COMPAT.md 8). A killed mail counts as old from now on.
void ApplySizeFilters(std::vector<PlannedMail>& plan, const PlanSettings& settings);

// Whether a mail that is to be deleted must stay because of `keep` (doc/COMPAT.md 2.6).
bool KeptByKeep(const PlannedMail& mail, const PlanSettings& settings);

}  // namespace mpop::client
