#include "client/mail_plan.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>

#include "uidls/uidls_file.hpp"
#include "util/i18n.hpp"
#include "util/prefault.hpp"

namespace mpop::client {
namespace {

// Marks mails whose UID another mail shares, and leaves the UID of a new group only on its
// last mail (see PlanMailbox in the header).
void GroupSharedUids(MailPlan& plan) {
  // Mails with equal UIDs side by side, each run in message order.
  std::vector<std::uint32_t> order;
  for (std::size_t i = 0; i < plan.size(); ++i) {
    if (plan[i].has_uid) order.push_back(static_cast<std::uint32_t>(i));
  }
  std::stable_sort(order.begin(), order.end(),
                   [&](std::uint32_t a, std::uint32_t b) { return *plan.uid(a) < *plan.uid(b); });
  for (std::size_t k = 1; k < order.size(); ++k) {
    if (*plan.uid(order[k - 1]) != *plan.uid(order[k])) continue;
    plan[order[k - 1]].shares_uid = true;
    plan[order[k]].shares_uid = true;
  }
  for (std::size_t k = 0; k + 1 < order.size(); ++k) {
    PlannedMail& mail = plan[order[k]];
    if (mail.shares_uid && !mail.old && *plan.uid(order[k]) == *plan.uid(order[k + 1])) {
      mail.has_uid = false;
    }
  }
}

std::string JoinNumbers(const std::vector<std::size_t>& numbers) {
  constexpr std::size_t kShown = 5;
  std::string text = fmt::format("{}", numbers[0]);
  const std::size_t shown = std::min(numbers.size(), kShown);
  for (std::size_t i = 1; i + 1 < shown; ++i) text += fmt::format(", {}", numbers[i]);
  if (numbers.size() > kShown) {
    return text + fmt::format(", {} and {} more", numbers[shown - 1], numbers.size() - shown);
  }
  return text + fmt::format(" and {}", numbers[shown - 1]);
}

}  // namespace

void MailPlan::SetUid(std::size_t i, std::string_view uid) {
  // A listing of its own, copied from the one it had (and not shared with a copy of the plan).
  if (!owned_ || owned_.get() != uids_ || owned_.use_count() > 1) {
    auto listing = std::make_shared<util::StringList>(size());
    for (std::size_t k = 0; k < size(); ++k) {
      if (std::optional<std::string_view> had = this->uid(k)) listing->Set(k, *had);
    }
    owned_ = listing;
    uids_ = listing.get();
  }
  owned_->Set(i, uid);
  mails_[i].has_uid = true;
}

bool MailPlan::operator==(const MailPlan& other) const {
  if (mails_ != other.mails_) return false;
  for (std::size_t i = 0; i < size(); ++i) {
    if (uid(i) != other.uid(i)) return false;
  }
  return true;
}

MailPlan PlanMailbox(std::size_t count, const std::vector<std::uint64_t>& sizes,
                     const util::StringList* uids,
                     const std::function<std::optional<std::int64_t>(std::string_view)>& first_seen,
                     const PlanSettings& settings, bool may_share) {
  std::vector<PlannedMail> mails;
  // No zero-filling first: touched once, its pages mapped in at once (issue 17).
  util::ReservePrefaulted(mails, count);
  for (std::size_t i = 0; i < count; ++i) {
    PlannedMail& mail = mails.emplace_back();
    if (i < sizes.size()) mail.size = sizes[i];
    if (uids == nullptr || i >= uids->size()) continue;
    const std::string_view uid = (*uids)[i];
    mail.has_uid = uidls::CheckUid(uid).has_value();
    if (!mail.has_uid) continue;
    if (auto seen = first_seen(uid)) {
      mail.old = true;
      mail.set_first_seen(*seen, settings.session_time);
      if (settings.only_new) {
        mail.action = MailAction::kDelete;
        mail.reason = ActionReason::kOld;
      }
    }
  }
  MailPlan plan(std::move(mails), uids);
  if (may_share) GroupSharedUids(plan);
  return plan;
}

MailPlan PlanMailbox(
    const std::vector<std::uint64_t>& sizes,
    const std::optional<std::vector<std::optional<std::string>>>& uids,
    const std::function<std::optional<std::int64_t>(const std::string&)>& first_seen,
    const PlanSettings& settings) {
  std::shared_ptr<util::StringList> listing;
  if (uids) {
    // A missing UID becomes an empty one, which CheckUid refuses: no UID.
    listing = std::make_shared<util::StringList>(sizes.size());
    for (std::size_t i = 0; i < sizes.size() && i < uids->size(); ++i) {
      listing->Set(i, (*uids)[i].value_or(""));
    }
  }
  MailPlan plan = PlanMailbox(
      sizes.size(), sizes, listing.get(),
      [&](std::string_view uid) { return first_seen(std::string(uid)); }, settings);
  return MailPlan(std::vector<PlannedMail>(plan.begin(), plan.end()), listing.get(), listing);
}

std::optional<std::string> SharedUidWarning(const MailPlan& plan) {
  std::vector<std::size_t> numbers;
  for (std::size_t i = 0; i < plan.size(); ++i) {
    if (plan[i].shares_uid && !plan[i].old) numbers.push_back(i + 1);
  }
  if (numbers.empty()) return std::nullopt;
  return TrFormat(
      "mpop: warning: the POP3 server gave messages {} a UID shared with another message; "
      "they are retrieved this once, then count as old together\n",
      JoinNumbers(numbers));
}

void ApplySizeFilters(MailPlan& plan, const PlanSettings& settings) {
  for (PlannedMail& mail : plan) {
    if (mail.action != MailAction::kRetrieve) continue;
    const auto size = static_cast<std::int64_t>(mail.size);
    if (settings.killsize >= 0 && size >= settings.killsize) {
      mail.action = MailAction::kDelete;
      mail.reason = ActionReason::kKillsize;
      mail.old = true;
    } else if (settings.skipsize >= 0 && size >= settings.skipsize) {
      mail.action = MailAction::kIgnore;
      mail.reason = ActionReason::kSkipsize;
    }
  }
}

bool KeptByKeep(const PlannedMail& mail, const PlanSettings& settings) {
  if (settings.keep_seconds <= 0) return false;
  return static_cast<std::int64_t>(mail.age) < settings.keep_seconds;
}

}  // namespace mpop::client
