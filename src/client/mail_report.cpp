#include "client/mail_report.hpp"

#include "client/json_events.hpp"
#include "delivery/open_delivery.hpp"

namespace mpop::client {
namespace {

const char* ReasonName(ActionReason reason) {
  switch (reason) {
    case ActionReason::kKillsize:
      return "killsize";
    case ActionReason::kSkipsize:
      return "skipsize";
    case ActionReason::kFilter:
      return "filter";
    case ActionReason::kNone:
    case ActionReason::kOld:
      break;
  }
  return "";
}

std::string DeliveryName(const config::Delivery& delivery) {
  if (delivery.kind == nullptr) return {};
  return std::string(delivery.kind->name) + " " + delivery.argument;
}

MailEvent EventOf(const PlannedMail& mail, std::optional<std::string_view> uid, bool delivered) {
  MailEvent event;
  event.uid = uid;
  event.size = mail.size;
  switch (mail.action) {
    case MailAction::kRetrieve:
      event.fate = delivered ? MailFate::kDelivered : MailFate::kNotDelivered;
      break;
    case MailAction::kIgnore:
      event.fate = MailFate::kSkipped;
      event.reason = ReasonName(mail.reason);
      break;
    case MailAction::kDelete:
      event.fate = mail.reason == ActionReason::kOld ? MailFate::kOld : MailFate::kKilled;
      event.reason = ReasonName(mail.reason);
      break;
  }
  return event;
}

}  // namespace

void RecordStatus(const SessionContext& context, const MailPlan& plan,
                  const pop3::MailboxStat& stat) {
  if (context.report == nullptr) return;
  MailboxStatus status{.mails = static_cast<std::size_t>(stat.count), .bytes = stat.size};
  for (const PlannedMail& mail : plan) {
    if (mail.old) continue;
    ++status.new_mails;
    status.new_bytes += mail.size;
  }
  context.report->status = status;
  // Now, so that it comes before --dry-run's plan.
  context.out.Json(StatusJson(*context.report, status));
}

void RecordMails(const SessionContext& context, const MailPlan& plan, const PlanSettings& settings,
                 const std::vector<bool>& delivered, const std::vector<bool>& deleted) {
  AccountReport* report = context.report;
  if (report == nullptr) return;
  const std::string delivered_to = DeliveryName(context.account.delivery);
  for (std::size_t i = 0; i < plan.size(); ++i) {
    // A mail seen before that stays on the server had nothing happen to it: it counts for
    // nothing and --json prints no event for it. Skipped before its event is built (a copy
    // of its UID): a kept mailbox of 50,000 mails must not cost 50,000 of them.
    const bool untouched = plan[i].action == MailAction::kDelete &&
                           plan[i].reason == ActionReason::kOld && !deleted[i];
    if (untouched) continue;
    MailEvent event = EventOf(plan[i], plan.uid(i), delivered[i]);
    event.number = i + 1;
    event.deleted = deleted[i];
    const bool would_delete = event.fate == MailFate::kDelivered || event.fate == MailFate::kOld ||
                              event.fate == MailFate::kKilled;
    event.kept = would_delete && !event.deleted && KeptByKeep(plan[i], settings);
    if (event.fate == MailFate::kDelivered) {
      event.delivered_to = delivered_to;
      report->bytes += plan[i].size;
      ++report->delivered;
    }
    report->deleted += event.deleted ? 1 : 0;
    if (context.options.json) report->mails.push_back(std::move(event));  // only it prints them
  }
}

}  // namespace mpop::client
