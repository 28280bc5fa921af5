#pragma once
// MailPlan: what to do with each message of the mailbox (doc/COMPAT.md 1.1 steps 12-17, 8):
// old mails (retrieved in an earlier session) are deleted when only_new is on, killsize
// deletes without retrieving, skipsize leaves a mail alone, everything else is retrieved.
// At the end, `keep` turns a deletion of a mail younger than the keep duration into a
// skip. Pure logic: no I/O, so every rule is unit-tested.

#include <algorithm>
#include <cassert>
#include <climits>
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

// The longest UID a plan holds; longer ones count as no UID (new every time). The UIDLs
// file cannot store them anyway (uidls::kMaxUidLength is 8169).
inline constexpr std::size_t kMaxPlannedUidLength = (1u << 14) - 1;

// One per mail on the server, so kept small: 24 bytes (doc/ARCHITECTURE.md "Compact UIDs").
struct PlannedMail {
  std::uint64_t size = 0;
  // The UID's bytes, through uid() and set_uid(): a pointer and a 14-bit length instead of
  // an optional<string_view>.
  const char* uid_bytes = nullptr;
  // Seconds since its UID was first recorded, 0 if new, through first_seen() and
  // set_first_seen(): `keep` asks only the age. Ages beyond 2^32 - 1 seconds (136 years;
  // only a hand-edited UIDLs file has them) count as that.
  std::uint32_t age = 0;
  std::uint16_t uid_length : 14 = 0;
  bool old : 1 = false;         // known from an earlier session, or recorded in this one
  bool shares_uid : 1 = false;  // the server gave another message the same UID
  MailAction action = MailAction::kRetrieve;
  ActionReason reason = ActionReason::kNone;

  // nullopt: no UIDL, or a new mail whose UID a later mail of the same session shares (the
  // last of those records the UID, see PlanMailbox). Points into the UIDs the plan was made
  // from (the server's listing), which must outlive the plan.
  std::optional<std::string_view> uid() const {
    if (uid_bytes == nullptr) return std::nullopt;
    return std::string_view(uid_bytes, uid_length);
  }
  // At most kMaxPlannedUidLength bytes.
  void set_uid(std::optional<std::string_view> uid) {
    assert(!uid || uid->size() <= kMaxPlannedUidLength);
    uid_bytes = uid ? uid->data() : nullptr;
    uid_length = uid ? static_cast<std::uint16_t>(uid->size()) : 0;
  }
  // When its UID was first recorded; the session time if new.
  std::int64_t first_seen(std::int64_t session_time) const { return session_time - age; }
  void set_first_seen(std::int64_t first_seen, std::int64_t session_time) {
    const std::int64_t seconds = session_time - first_seen;
    age = static_cast<std::uint32_t>(std::clamp<std::int64_t>(seconds, 0, UINT32_MAX));
  }
  bool operator==(const PlannedMail& other) const {
    return size == other.size && uid() == other.uid() && age == other.age && old == other.old &&
           shares_uid == other.shares_uid && action == other.action && reason == other.reason;
  }
};
static_assert(sizeof(PlannedMail) <= 24);

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
