#include "client/mail_plan.hpp"

namespace mpop::client {

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
  return plan;
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
