#pragma once
// --dry-run (issue 20): what a retrieval session would do with each mail on the server, and
// why, printed instead of doing it. The session logs in, lists, and runs the size and
// header filters (TOP is read-only), then sends QUIT without RETR or DELE and without
// touching the UIDLs file or the mailbox. Pure formatting: the plan comes from
// client/mail_plan.hpp.

#include <optional>
#include <string>
#include <vector>

#include "client/mail_plan.hpp"
#include "client/session_context.hpp"

namespace mpop::client {

// One line per mail, "message N (UID U, S bytes): ACTION: WHY", then a summary line.
// ACTION is one of "fetch, then delete", "fetch, then keep on the server", "skip",
// "delete without fetching"; WHY names the rule that decided. `guard_stop`: the
// re-download guard's message when it would stop the real run (added as the last line).
std::string FormatDryRun(const MailPlan& plan, const PlanSettings& settings,
                         const std::optional<std::string>& guard_stop);

// Prints the plan to context.out: FormatDryRun's text, or with --json one "planned_mail"
// object per mail (number, uid, size, action: "fetch_delete", "fetch_keep", "skip",
// "delete_unfetched", "delete"; why: FormatDryRun's reason) and one "dry_run" summary.
void PrintDryRun(const SessionContext& context, const MailPlan& plan, const PlanSettings& settings,
                 const std::optional<std::string>& guard_stop);

}  // namespace mpop::client
