#include "client/mail_plan.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "util/i18n.hpp"

namespace mpop::client {
namespace {

// Marks mails whose UID another mail shares, and leaves the UID of a new group only on its
// last mail (see PlanMailbox in the header).
void GroupSharedUids(std::vector<PlannedMail>& plan) {
  std::map<std::string, std::size_t> last_with_uid;
  for (std::size_t i = 0; i < plan.size(); ++i) {
    if (!plan[i].uid) continue;
    auto [it, inserted] = last_with_uid.try_emplace(*plan[i].uid, i);
    if (inserted) continue;
    PlannedMail& earlier = plan[it->second];
    earlier.shares_uid = true;
    plan[i].shares_uid = true;
    if (!earlier.old) earlier.uid.reset();
    it->second = i;
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
    const std::vector<std::uint64_t>& sizes,
    const std::optional<std::vector<std::optional<std::string>>>& uids,
    const std::function<std::optional<std::int64_t>(const std::string&)>& first_seen,
    const PlanSettings& settings) {
  std::vector<PlannedMail> plan(sizes.size());
  for (std::size_t i = 0; i < sizes.size(); ++i) {
    PlannedMail& mail = plan[i];
    mail.size = sizes[i];
    mail.first_seen = settings.session_time;
    if (uids && i < uids->size()) mail.uid = (*uids)[i];
    if (!mail.uid) continue;
    if (auto seen = first_seen(*mail.uid)) {
      mail.old = true;
      mail.first_seen = *seen;
      if (settings.only_new) {
        mail.action = MailAction::kDelete;
        mail.reason = ActionReason::kOld;
      }
    }
  }
  GroupSharedUids(plan);
  return plan;
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
  const std::int64_t age = settings.session_time - mail.first_seen;
  return age < settings.keep_seconds;
}

}  // namespace mpop::client
