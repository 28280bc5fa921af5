#include "client/dry_run.hpp"

#include <fmt/format.h>

#include "util/i18n.hpp"

namespace mpop::client {
namespace {

struct Verdict {
  const char* action;
  const char* why;
};

constexpr const char* kSkip = "skip";
constexpr const char* kKill = "delete without fetching";

Verdict Judge(const PlannedMail& mail, const PlanSettings& settings) {
  // A mail to be deleted stays while its keep duration runs (doc/COMPAT.md 2.6), after
  // a retrieval as well as without one.
  const bool kept = KeptByKeep(mail, settings);
  if (mail.action == MailAction::kRetrieve) {
    const char* action = kept ? "fetch, then keep on the server" : "fetch, then delete";
    return {action, mail.old ? "already retrieved, but only_new is off" : "new"};
  }
  if (mail.action == MailAction::kIgnore) {
    return {kSkip, mail.reason == ActionReason::kSkipsize ? "skipsize" : "the filter said skip"};
  }
  switch (mail.reason) {
    case ActionReason::kKillsize:
      return kept ? Verdict{kSkip, "killsize, but keep"} : Verdict{kKill, "killsize"};
    case ActionReason::kFilter:
      return kept ? Verdict{kSkip, "the filter said kill, but keep"}
                  : Verdict{kKill, "the filter said kill"};
    default:
      break;
  }
  if (kept) return {kSkip, "already retrieved"};
  if (settings.keep_seconds > 0) return {"delete", "already retrieved, its keep duration ran out"};
  return {"delete", "already retrieved"};
}

}  // namespace

std::string FormatDryRun(const std::vector<PlannedMail>& plan, const PlanSettings& settings,
                         const std::optional<std::string>& guard_stop) {
  std::string text;
  std::size_t fetch = 0, remove = 0;
  for (std::size_t i = 0; i < plan.size(); ++i) {
    const PlannedMail& mail = plan[i];
    const Verdict verdict = Judge(mail, settings);
    const std::string action = verdict.action;
    if (action.starts_with("fetch")) ++fetch;
    if (action.starts_with("delete") || action == "fetch, then delete") ++remove;
    text += fmt::format("message {} (UID {}, {} bytes): {}: {}\n", i + 1, mail.uid.value_or("none"),
                        mail.size, verdict.action, verdict.why);
  }
  text +=
      TrFormat("dry run: {} of {} messages would be fetched and {} deleted; nothing was changed\n",
               fetch, plan.size(), remove);
  if (guard_stop)
    text += TrFormat("dry run: the re-download guard would stop this run: {}\n", *guard_stop);
  return text;
}

}  // namespace mpop::client
