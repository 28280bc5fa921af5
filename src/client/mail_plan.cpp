#include "client/mail_plan.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>

#include "util/i18n.hpp"

namespace mpop::client {
namespace {

// Marks mails whose UID another mail shares, and leaves the UID of a new group only on its
// last mail (see PlanMailbox in the header).
void GroupSharedUids(std::vector<PlannedMail>& plan) {
  // Mails with equal UIDs side by side, each run in message order.
  std::vector<std::uint32_t> order;
  for (std::size_t i = 0; i < plan.size(); ++i) {
    if (plan[i].uid()) order.push_back(static_cast<std::uint32_t>(i));
  }
  std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    return *plan[a].uid() < *plan[b].uid();
  });
  for (std::size_t k = 1; k < order.size(); ++k) {
    PlannedMail& earlier = plan[order[k - 1]];
    PlannedMail& later = plan[order[k]];
    if (*earlier.uid() != *later.uid()) continue;
    earlier.shares_uid = true;
    later.shares_uid = true;
  }
  for (std::size_t k = 0; k + 1 < order.size(); ++k) {
    PlannedMail& mail = plan[order[k]];
    if (mail.shares_uid && !mail.old && *mail.uid() == *plan[order[k + 1]].uid())
      mail.set_uid(std::nullopt);
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

std::vector<PlannedMail> PlanMailbox(
    std::size_t count, const std::vector<std::uint64_t>& sizes,
    const std::function<std::optional<std::string_view>(std::size_t)>& uid_at,
    const std::function<std::optional<std::int64_t>(std::string_view)>& first_seen,
    const PlanSettings& settings, bool may_share) {
  std::vector<PlannedMail> plan;
  plan.reserve(count);  // and no zero-filling first: touched once (issue 17)
  for (std::size_t i = 0; i < count; ++i) {
    PlannedMail& mail = plan.emplace_back();
    if (i < sizes.size()) mail.size = sizes[i];
    if (uid_at) {
      std::optional<std::string_view> uid = uid_at(i);
      if (uid && uid->size() <= kMaxPlannedUidLength) mail.set_uid(uid);
    }
    if (!mail.uid()) continue;
    if (auto seen = first_seen(*mail.uid())) {
      mail.old = true;
      mail.set_first_seen(*seen, settings.session_time);
      if (settings.only_new) {
        mail.action = MailAction::kDelete;
        mail.reason = ActionReason::kOld;
      }
    }
  }
  if (may_share) GroupSharedUids(plan);
  return plan;
}

std::vector<PlannedMail> PlanMailbox(
    const std::vector<std::uint64_t>& sizes,
    const std::optional<std::vector<std::optional<std::string>>>& uids,
    const std::function<std::optional<std::int64_t>(const std::string&)>& first_seen,
    const PlanSettings& settings) {
  std::function<std::optional<std::string_view>(std::size_t)> uid_at;
  if (uids) {
    uid_at = [&](std::size_t i) -> std::optional<std::string_view> {
      if (i >= uids->size() || !(*uids)[i]) return std::nullopt;
      return std::string_view(*(*uids)[i]);
    };
  }
  return PlanMailbox(
      sizes.size(), sizes, uid_at,
      [&](std::string_view uid) { return first_seen(std::string(uid)); }, settings);
}

std::optional<std::string> SharedUidWarning(const std::vector<PlannedMail>& plan) {
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

void ApplySizeFilters(std::vector<PlannedMail>& plan, const PlanSettings& settings) {
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
