#include "client/dry_run.hpp"

#include <fmt/format.h>

#include "client/json_lines.hpp"
#include "util/i18n.hpp"

namespace mpop::client {
namespace {

struct Verdict {
  const char* action;
  const char* why;
  const char* token = nullptr;  // the action's name in --json; null: TokenOf(action)
};

constexpr const char* kSkip = "skip";
constexpr const char* kKill = "delete without fetching";

std::string TokenOf(const Verdict& verdict) {
  if (verdict.token != nullptr) return verdict.token;
  const std::string action = verdict.action;
  if (action == kKill) return "delete_unfetched";
  if (action == "fetch, then delete") return "fetch_delete";
  if (action.starts_with("fetch")) return "fetch_keep";
  return action;  // "skip", "delete"
}

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

struct Counts {
  std::size_t fetch = 0;
  std::size_t remove = 0;
};

void Count(const Verdict& verdict, Counts& counts) {
  const std::string action = verdict.action;
  if (action.starts_with("fetch")) ++counts.fetch;
  if (action.starts_with("delete") || action == "fetch, then delete") ++counts.remove;
}

void PrintJson(const SessionContext& context, const MailPlan& plan, const PlanSettings& settings,
               const std::optional<std::string>& guard_stop) {
  Counts counts;
  for (std::size_t i = 0; i < plan.size(); ++i) {
    const Verdict verdict = Judge(plan[i], settings);
    Count(verdict, counts);
    nlohmann::json object = JsonObject("planned_mail");
    object["account"] = context.account.name;
    object["number"] = i + 1;
    object["uid"] = plan.uid(i) ? nlohmann::json(std::string(*plan.uid(i))) : nlohmann::json();
    object["size"] = plan[i].size;
    object["action"] = TokenOf(verdict);
    object["why"] = verdict.why;
    context.out.Json(object);
  }
  nlohmann::json summary = JsonObject("dry_run");
  summary["account"] = context.account.name;
  summary["mails"] = plan.size();
  summary["fetch"] = counts.fetch;
  summary["delete"] = counts.remove;
  summary["guard_stop"] = OptionalOrNull(guard_stop);
  context.out.Json(summary);
}

}  // namespace

void PrintDryRun(const SessionContext& context, const MailPlan& plan, const PlanSettings& settings,
                 const std::optional<std::string>& guard_stop) {
  if (context.out.json()) return PrintJson(context, plan, settings, guard_stop);
  context.out.Out(FormatDryRun(plan, settings, guard_stop));
}

std::string FormatDryRun(const MailPlan& plan, const PlanSettings& settings,
                         const std::optional<std::string>& guard_stop) {
  std::string text;
  Counts counts;
  for (std::size_t i = 0; i < plan.size(); ++i) {
    const PlannedMail& mail = plan[i];
    const Verdict verdict = Judge(mail, settings);
    Count(verdict, counts);
    text += fmt::format("message {} (UID {}, {} bytes): {}: {}\n", i + 1,
                        plan.uid(i).value_or("none"), mail.size, verdict.action, verdict.why);
  }
  text +=
      TrFormat("dry run: {} of {} messages would be fetched and {} deleted; nothing was changed\n",
               counts.fetch, plan.size(), counts.remove);
  if (guard_stop)
    text += TrFormat("dry run: the re-download guard would stop this run: {}\n", *guard_stop);
  return text;
}

}  // namespace mpop::client
