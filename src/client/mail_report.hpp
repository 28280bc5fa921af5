#pragma once
// What a retrieval session did with the mailbox and each mail, recorded into the
// account's AccountReport (client/account_report.hpp) for --json, the logs and the
// metrics. The mailbox stage calls these at two points; they print nothing.

#include <vector>

#include "client/mail_plan.hpp"
#include "client/session_context.hpp"
#include "pop3/listing.hpp"

namespace mpop::client {

// The status line's numbers: the new mails and all of them, also printed as --json's
// "status" object. Nothing without a report.
void RecordStatus(const SessionContext& context, const MailPlan& plan,
                  const pop3::MailboxStat& stat);

// Each mail's fate once the session has ended: `delivered` and `deleted` are indexed like
// `plan` (deleted: a DELE was sent and the QUIT that makes it effective succeeded).
void RecordMails(const SessionContext& context, const MailPlan& plan, const PlanSettings& settings,
                 const std::vector<bool>& delivered, const std::vector<bool>& deleted);

}  // namespace mpop::client
