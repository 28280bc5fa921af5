#include "client/redownload_guard.hpp"

#include <fmt/format.h>

#include "util/i18n.hpp"

namespace mpop::client {

std::optional<std::string> CheckRedownload(const RedownloadFacts& facts,
                                           std::optional<std::size_t> limit) {
  if (!limit || !facts.keeps_mail || facts.to_fetch <= *limit) return std::nullopt;
  std::string cause;
  if (!facts.state_has_list) {
    cause =
        Tr("the UIDLs file has no list for this account (a first run, or the file was lost or "
           "belongs to another account)");
  } else if (facts.state_known >= *limit && facts.listed_known * 10 < facts.listed) {
    cause = TrFormat(
        "the UIDLs file knows {} mails of this account but only {} of the {} on the server "
        "(the server may have changed its UIDs)",
        facts.state_known, facts.listed_known, facts.listed);
  } else {
    return std::nullopt;
  }
  const std::string fetched =
      facts.fetched_earlier == 0
          ? std::string(Tr("nothing was fetched"))
          : TrFormat(
                "the server hands out mail in portions and this run's earlier sessions fetched "
                "{} of them; nothing more was fetched",
                facts.fetched_earlier);
  return TrFormat(
      "this run would fetch {} mails kept on the server: {}; {}. To fetch them this once, run "
      "again with --accept-new; to record them as seen without fetching, with --mark-seen",
      facts.to_fetch, cause, fetched);
}

RedownloadFacts FactsOfPlan(const MailPlan& known_before_filters, const MailPlan& plan,
                            std::size_t state_known, bool keeps_mail) {
  RedownloadFacts facts{.keeps_mail = keeps_mail,
                        .state_has_list = state_known > 0,
                        .state_known = state_known,
                        .listed = plan.size()};
  for (const PlannedMail& mail : known_before_filters) {
    if (mail.old) ++facts.listed_known;
  }
  for (const PlannedMail& mail : plan) {
    if (mail.action == MailAction::kRetrieve) ++facts.to_fetch;
  }
  return facts;
}

}  // namespace mpop::client
