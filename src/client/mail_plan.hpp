#pragma once
// MailPlan: what to do with each message of the mailbox (doc/COMPAT.md 1.1 steps 12-17, 8):
// old mails (retrieved in an earlier session) are deleted when only_new is on, killsize
// deletes without retrieving, skipsize leaves a mail alone, everything else is retrieved.
// At the end, `keep` turns a deletion of a mail younger than the keep duration into a
// skip. Pure logic: no I/O, so every rule is unit-tested.

#include <algorithm>
#include <climits>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/string_list.hpp"

namespace mpop::client {

enum class MailAction : std::uint8_t {
  kRetrieve,  // fetch and deliver (then delete, unless kept)
  kDelete,    // delete without fetching (old mail, killsize, filter)
  kIgnore,    // leave on the server, do not record (skipsize, filter skip)
};

enum class ActionReason : std::uint8_t { kNone, kOld, kKillsize, kSkipsize, kFilter };

// One per mail on the server, so kept small: 16 bytes (doc/ARCHITECTURE.md "Compact UIDs").
// Its UID is not here but in the listing the plan was made from (MailPlan::uid).
struct PlannedMail {
  std::uint64_t size = 0;
  // Seconds since its UID was first recorded, 0 if new, through first_seen() and
  // set_first_seen(): `keep` asks only the age. Ages beyond 2^32 - 1 seconds (136 years;
  // only a hand-edited UIDLs file has them) count as that.
  std::uint32_t age = 0;
  MailAction action = MailAction::kRetrieve;
  ActionReason reason = ActionReason::kNone;
  bool old : 1 = false;         // known from an earlier session, or recorded in this one
  bool shares_uid : 1 = false;  // the server gave another message the same UID
  // False: no UIDL, a UID the UIDLs file cannot hold, or a new mail whose UID a later mail
  // of the same session shares (the last of those records the UID, see PlanMailbox).
  bool has_uid : 1 = false;

  // When its UID was first recorded; the session time if new.
  std::int64_t first_seen(std::int64_t session_time) const { return session_time - age; }
  void set_first_seen(std::int64_t first_seen, std::int64_t session_time) {
    const std::int64_t seconds = session_time - first_seen;
    age = static_cast<std::uint32_t>(std::clamp<std::int64_t>(seconds, 0, UINT32_MAX));
  }
  bool operator==(const PlannedMail& other) const {
    return size == other.size && age == other.age && action == other.action &&
           reason == other.reason && old == other.old && shares_uid == other.shares_uid &&
           has_uid == other.has_uid;
  }
};
static_assert(sizeof(PlannedMail) <= 16);

// The plan of a session: a PlannedMail per message (by message number - 1) and their UIDs,
// which stay in the server's listing instead of being copied (issue 17). Used like a vector
// of PlannedMail.
class MailPlan {
 public:
  MailPlan() = default;
  explicit MailPlan(std::size_t count) : mails_(count) {}
  // `uids` is the listing the mails' UIDs come from, indexed like them (nullptr: none); it
  // must outlive the plan. `owned`, if given, is that listing, kept alive by the plan.
  MailPlan(std::vector<PlannedMail> mails, const util::StringList* uids,
           std::shared_ptr<util::StringList> owned = nullptr)
      : mails_(std::move(mails)), uids_(uids), owned_(std::move(owned)) {}

  std::size_t size() const { return mails_.size(); }
  bool empty() const { return mails_.empty(); }
  PlannedMail& operator[](std::size_t i) { return mails_[i]; }
  const PlannedMail& operator[](std::size_t i) const { return mails_[i]; }
  std::vector<PlannedMail>::iterator begin() { return mails_.begin(); }
  std::vector<PlannedMail>::iterator end() { return mails_.end(); }
  std::vector<PlannedMail>::const_iterator begin() const { return mails_.begin(); }
  std::vector<PlannedMail>::const_iterator end() const { return mails_.end(); }

  // Mail i's UID, or nullopt if it has none (see PlannedMail::has_uid).
  std::optional<std::string_view> uid(std::size_t i) const {
    if (!mails_[i].has_uid) return std::nullopt;
    return (*uids_)[i];
  }
  // Gives mail i the UID `uid`, in a listing of the plan's own (for plans made by hand).
  void SetUid(std::size_t i, std::string_view uid);

  bool operator==(const MailPlan& other) const;

 private:
  std::vector<PlannedMail> mails_;
  const util::StringList* uids_ = nullptr;
  std::shared_ptr<util::StringList> owned_;
};

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
// `uids` is the server's listing, indexed like the mails (nullptr: no UIDs at all); a UID
// the UIDLs file cannot hold (uidls::CheckUid) counts as none, so the mail is new every
// time (never lost, never wrongly old). `may_share` false promises that no two mails have
// the same UID, which spares looking for them.
MailPlan PlanMailbox(std::size_t count, const std::vector<std::uint64_t>& sizes,
                     const util::StringList* uids,
                     const std::function<std::optional<std::int64_t>(std::string_view)>& first_seen,
                     const PlanSettings& settings, bool may_share = true);
// The same over `sizes` and a vector of UIDs indexed like them (nullopt: no UIDL).
MailPlan PlanMailbox(
    const std::vector<std::uint64_t>& sizes,
    const std::optional<std::vector<std::optional<std::string>>>& uids,
    const std::function<std::optional<std::int64_t>(const std::string&)>& first_seen,
    const PlanSettings& settings);

// The one-line warning for new mails that share a UID (they are retrieved this once), or
// nullopt when there are none. Message numbers count from 1.
std::optional<std::string> SharedUidWarning(const MailPlan& plan);

// Applies the size filters to mails still marked kRetrieve (killsize wins over skipsize,
// both compare with >=, doc/COMPAT.md 8). A killed mail counts as old from now on.
void ApplySizeFilters(MailPlan& plan, const PlanSettings& settings);

// Whether a mail that is to be deleted must stay because of `keep` (doc/COMPAT.md 2.6).
bool KeptByKeep(const PlannedMail& mail, const PlanSettings& settings);

}  // namespace mpop::client
