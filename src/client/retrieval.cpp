#include "client/retrieval.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "client/dry_run.hpp"
#include "client/header_filter.hpp"
#include "client/header_uids.hpp"
#include "client/human_size.hpp"
#include "client/mail_batch.hpp"
#include "client/mail_plan.hpp"
#include "client/mail_report.hpp"
#include "client/mda_mode.hpp"
#include "client/redownload_guard.hpp"
#include "config/finish.hpp"
#include "delivery/open_delivery.hpp"
#include "delivery/received_header.hpp"
#include "uidls/store.hpp"
#include "uidls/uidls_file.hpp"
#include "util/i18n.hpp"

namespace mpop::client {
namespace {

PlanSettings PlanSettingsFor(const SessionContext& context) {
  const config::Account& account = context.account;
  return {.only_new = account.only_new,
          .killsize = account.killsize,
          .skipsize = account.skipsize,
          .keep_seconds = account.keep_seconds,
          .session_time = context.session_time};
}

// UIDs usable as keys: nullopt where the UIDLs file cannot hold the UID; such mails count
// as new every time (never lost, never wrongly "old"). Shared UIDs: see PlanMailbox.
std::optional<std::vector<std::optional<std::string>>> UsableUids(
    const std::optional<pop3::UidList>& list) {
  if (!list) return std::nullopt;
  std::vector<std::optional<std::string>> uids(list->uids.size());
  for (std::size_t i = 0; i < uids.size(); ++i) {
    if (uidls::CheckUid(list->uids[i])) uids[i] = list->uids[i];
  }
  return uids;
}

// Runs the `filter` command on every mail still to be retrieved (doc/COMPAT.md 8: after the
// size filters) and applies its verdicts.
Status ApplyHeaderFilter(const SessionContext& context, pop3::Session& session,
                         const pop3::Capabilities& capabilities, std::vector<PlannedMail>& plan) {
  const config::Account& account = context.account;
  if (!account.filter || account.filter->empty()) return {};
  std::vector<FilterCandidate> candidates;
  std::vector<std::size_t> indices;
  for (std::size_t i = 0; i < plan.size(); ++i) {
    if (plan[i].action != MailAction::kRetrieve) continue;
    candidates.push_back({static_cast<long>(i + 1), plan[i].size});
    indices.push_back(i);
  }
  if (candidates.empty()) return {};
  auto decisions = RunHeaderFilter(session, *account.filter, candidates, capabilities,
                                   config::CommandTimeout(account));
  if (!decisions) return std::move(decisions).error();
  for (std::size_t k = 0; k < indices.size(); ++k) {
    PlannedMail& mail = plan[indices[k]];
    if ((*decisions)[k] == FilterDecision::kDelete) {
      mail.action = MailAction::kDelete;
      mail.reason = ActionReason::kFilter;
      mail.old = true;
    } else if ((*decisions)[k] == FilterDecision::kSkip) {
      mail.action = MailAction::kIgnore;
      mail.reason = ActionReason::kFilter;
    }
  }
  return {};
}

std::string ReasonText(ActionReason reason, bool kept) {
  const char* base = reason == ActionReason::kKillsize   ? "killsize"
                     : reason == ActionReason::kSkipsize ? "skipsize"
                                                         : "filter";
  return kept ? std::string(base) + " + keep" : std::string(base);
}

// Prints the notices of doc/COMPAT.md 7.4 for mails the filters decided about.
void PrintFilterNotices(const SessionContext& context, const std::vector<PlannedMail>& plan,
                        const PlanSettings& settings) {
  if (!context.progress_enabled()) return;
  for (std::size_t i = 0; i < plan.size(); ++i) {
    const PlannedMail& mail = plan[i];
    if (mail.reason == ActionReason::kNone || mail.reason == ActionReason::kOld) continue;
    const bool kept = mail.action == MailAction::kDelete && KeptByKeep(mail, settings);
    const bool deleting = mail.action == MailAction::kDelete && !kept;
    context.out.Out((deleting ? TrFormat("deleting message {} of {} (reason: {})", i + 1,
                                         plan.size(), ReasonText(mail.reason, kept))
                              : TrFormat("skipping message {} of {} (reason: {})", i + 1,
                                         plan.size(), ReasonText(mail.reason, kept))) +
                    "\n");
  }
}

// The account's final UID list (doc/COMPAT.md 1.1 steps 16-18): every mail on the server that
// is old, minus the mails the server deleted.
uidls::UidMap FinalUidList(const std::vector<PlannedMail>& plan, const std::vector<bool>& deleted) {
  uidls::UidMap uids;
  for (std::size_t i = 0; i < plan.size(); ++i) {
    if (plan[i].old && plan[i].uid && !deleted[i]) uids.emplace(*plan[i].uid, plan[i].first_seen);
  }
  return uids;
}

// The re-download guard (client/redownload_guard.hpp), before anything is fetched: the
// reason to stop when this run would flood the mailbox with mails kept on the server.
std::optional<std::string> RedownloadStop(const SessionContext& context,
                                          const std::vector<PlannedMail>& known_before_filters,
                                          const std::vector<PlannedMail>& plan,
                                          std::size_t state_known) {
  const config::Account& account = context.account;
  std::optional<std::size_t> limit;
  if (account.redownload_limit >= 0 && !context.options.accept_new) {
    limit = static_cast<std::size_t>(account.redownload_limit);
  }
  RedownloadFacts facts =
      FactsOfPlan(known_before_filters, plan, state_known, account.keep_seconds != 0);
  if (context.earlier) {
    facts.state_known = context.earlier->state_known;
    facts.state_has_list = facts.state_known > 0;
    facts.to_fetch += context.earlier->fetched;
    facts.fetched_earlier = context.earlier->fetched;
  }
  return CheckRedownload(facts, limit);
}

// --dry-run: the filters run (TOP is read-only), the verdicts are printed, and the session
// ends without RETR, DELE or a write to the UIDLs file (the store is never committed).
Status DryRun(const SessionContext& context, pop3::Session& session,
              const pop3::Capabilities& capabilities, std::vector<PlannedMail> plan,
              const PlanSettings& settings, std::size_t state_known) {
  const std::vector<PlannedMail> known_before_filters = plan;
  ApplySizeFilters(plan, settings);
  std::optional<std::string> stop =
      RedownloadStop(context, known_before_filters, plan, state_known);
  MPOP_TRY(ApplyHeaderFilter(context, session, capabilities, plan));
  PrintDryRun(context, plan, settings, stop);
  return session.Quit();
}

// --mark-seen: every mail the server lists counts as retrieved from now on; nothing is
// fetched or deleted.
Status MarkSeen(const SessionContext& context, pop3::Session& session,
                const std::vector<PlannedMail>& plan, uidls::Store& store) {
  uidls::UidMap uids;
  std::size_t marked = 0;
  for (const PlannedMail& mail : plan) {
    if (!mail.uid) continue;
    uids.emplace(*mail.uid, mail.first_seen);
    if (!mail.old) ++marked;
  }
  MPOP_TRY(session.Quit());
  MPOP_TRY(store.Commit(std::move(uids)));
  if (!context.options.quiet) {
    context.out.Out(TrNFormat("marked {} new message as seen", "marked {} new messages as seen",
                              marked, marked) +
                    "\n");
  }
  return {};
}

// No UIDL: the mails' headers tell them apart instead (client/header_uids.hpp).
Status AddHeaderUids(pop3::Session& session, const pop3::Capabilities& capabilities,
                     pop3::Scan& scan) {
  if (scan.uids || scan.sizes.empty()) return {};
  auto identities = HeaderUids(session, scan.sizes, capabilities);
  if (!identities) return std::move(identities).error();
  if (*identities) {
    scan.uids.emplace();
    scan.uids->uids = std::move(**identities);
    scan.uids->duplicate.assign(scan.sizes.size(), false);
  }
  return {};
}

// The account's UIDLs store. With `lazily`, none when there is no UIDLs file and no
// journal: a dry run must not create them, nor a run the re-download guard stops (it then
// knows no mail).
Result<std::optional<uidls::Store>> OpenStore(const SessionContext& context,
                                              const util::FileSystem& fs, bool lazily) {
  const std::string path = config::ExpandUidlsFile(context.account);
  if (lazily && ::access(path.c_str(), F_OK) != 0 &&
      ::access((path + ".journal").c_str(), F_OK) != 0) {
    return std::optional<uidls::Store>();
  }
  auto store = uidls::Store::Open(path, context.ServerName(), UidlsUser(context.account),
                                  context.session_time, {}, fs);
  if (!store) return std::move(store).error();
  return std::optional<uidls::Store>(std::move(*store));
}

std::vector<PlannedMail> PlanWith(const pop3::Scan& scan, const uidls::UidMap& known,
                                  const PlanSettings& settings) {
  return PlanMailbox(
      scan.sizes, UsableUids(scan.uids),
      [&](const std::string& uid) -> std::optional<std::int64_t> {
        auto it = known.find(uid);
        if (it == known.end()) return std::nullopt;
        return it->second;
      },
      settings);
}

// The account stopped by the re-download guard. Nothing was sent that changes the
// mailbox, so a clean QUIT is harmless.
Error StoppedByGuard(pop3::Session& session, std::string reason) {
  static_cast<void>(session.Quit());
  return Error::DataErr(std::move(reason));
}

// The status line (doc/COMPAT.md 7.4): the new mails and all of them.
void PrintStatus(const SessionContext& context, const std::vector<PlannedMail>& plan,
                 const pop3::MailboxStat& stat) {
  std::int64_t new_count = 0, new_size = 0;
  for (const PlannedMail& mail : plan) {
    if (!mail.old) {
      ++new_count;
      new_size += static_cast<std::int64_t>(mail.size);
    }
  }
  context.out.Out(FormatStatus(context.account.user.value_or(""), context.ServerName(), new_count,
                               new_size, stat.count, static_cast<std::int64_t>(stat.size)));
}

}  // namespace

// The user name that names this account's list in the UIDLs file. A list header needs a
// non-empty name; without a user (EXTERNAL takes the identity from the client
// certificate) upstream writes a file it cannot read back (doc/COMPAT.md 10), so use a
// placeholder no real user name can be.
std::string UidlsUser(const config::Account& account) {
  const std::string user = account.user.value_or("");
  return user.empty() ? "(no-user)" : user;
}

bool ScanWantsUidl(const pop3::Capabilities& capabilities) {
  // Without CAPA, UIDL is tried optimistically (doc/COMPAT.md 1.1 step 5).
  return !capabilities.KnownMissing(capabilities.uidl);
}

Status RunMailboxStage(const SessionContext& context, pop3::Session& session,
                       const pop3::Capabilities& capabilities,
                       const net::ConnectionInfo& connection, MailboxOutcome* outcome) {
  const config::Account& account = context.account;
  MailboxOutcome unused;
  MailboxOutcome& found = outcome != nullptr ? *outcome : unused;
  auto stat_and_scan = session.StatAndScan(ScanWantsUidl(capabilities));
  if (!stat_and_scan) return std::move(stat_and_scan).error();
  const pop3::MailboxStat* stat = &stat_and_scan->first;
  pop3::Scan* scan = &stat_and_scan->second;
  MPOP_TRY(context.CheckStop());
  MPOP_TRY(AddHeaderUids(session, capabilities, *scan));
  MPOP_TRY(context.CheckStop());

  const util::FileSystem& fs = context.file_system ? *context.file_system : util::PosixFileSystem();
  const bool lazily = context.options.dry_run ||
                      (context.options.mode == Mode::kRetrieve && !context.options.mark_seen);
  auto opened = OpenStore(context, fs, lazily);
  if (!opened) return std::move(opened).error();
  std::optional<uidls::Store>& store = *opened;
  const uidls::UidMap no_state;
  const uidls::UidMap* known = store ? &store->uids() : &no_state;

  const PlanSettings settings = PlanSettingsFor(context);
  std::vector<PlannedMail> plan = PlanWith(*scan, *known, settings);

  if (!context.options.quiet) PrintStatus(context, plan, *stat);
  found.listed = plan.size();
  found.state_known = known->size();
  for (const PlannedMail& mail : plan) found.new_mails += mail.old ? 0 : 1;
  RecordStatus(context, plan, *stat);
  if (context.options.mode == Mode::kStatusOnly) return session.Quit();
  if (auto warning = SharedUidWarning(plan)) context.out.Err(*warning);
  if (context.options.dry_run) {
    return DryRun(context, session, capabilities, std::move(plan), settings, known->size());
  }
  if (!context.options.mark_seen) {
    // Before anything is created or delivered (a missing UIDLs file, an mbox), so that a
    // stopped run leaves everything as it was.
    std::vector<PlannedMail> filtered = plan;
    ApplySizeFilters(filtered, settings);
    if (auto stop = RedownloadStop(context, plan, filtered, known->size())) {
      return StoppedByGuard(session, std::move(*stop));
    }
  }
  if (!store) {
    auto created = OpenStore(context, fs, false);
    if (!created) return std::move(created).error();
    store = std::move(*created);
    known = &store->uids();
    plan = PlanWith(*scan, *known, settings);  // another run may have written it meanwhile
  }

  auto target_or_error = ToDeliveryTarget(account.delivery);
  if (!target_or_error) return std::move(target_or_error).error();
  delivery::DeliveryTarget target = std::move(*target_or_error);
  target.sequence = context.sequence;
  target.file_system = &fs;
  target.command_timeout = config::CommandTimeout(account);
  auto delivery = delivery::OpenDelivery(target);
  if (!delivery) return std::move(delivery).error();
  // Finish deliveries that a crash interrupted after they were journaled.
  for (const uidls::JournalRecord& record : store->RecoveredRecords()) {
    MPOP_TRY((*delivery)->Recover(record.delivery_token));
  }
  (*delivery)->RemoveAbandoned();

  if (context.options.mark_seen) return MarkSeen(context, session, plan, *store);
  ApplySizeFilters(plan, settings);
  MPOP_TRY(context.CheckStop());
  MPOP_TRY(ApplyHeaderFilter(context, session, capabilities, plan));
  PrintFilterNotices(context, plan, settings);
  MPOP_TRY(context.CheckStop());

  MailBatcher batcher(context, session, **delivery, *store, plan, settings, connection,
                      target.kind->delivers_on_finish ? 1 : MailBatcher::kBatchMails);
  Status retrieved = batcher.RetrieveAll();
  const std::vector<bool> none_deleted(plan.size(), false);
  if (!retrieved) {
    // No QUIT: closing the connection makes the server forget every DELE (RFC 1939 6).
    // Everything delivered stays recorded. The retrieval error is the one to report; if
    // this rewrite fails too, the journal still holds the records and the next run merges
    // them.
    Status committed = store->Commit(FinalUidList(plan, none_deleted));
    static_cast<void>(committed);
    RecordMails(context, plan, settings, batcher.delivered(), none_deleted);
    return retrieved;
  }
  for (const PlannedMail& mail : plan) found.retrieved += mail.action == MailAction::kRetrieve;
  Status quit = session.Quit();
  Status committed = store->Commit(FinalUidList(plan, quit ? batcher.deleted() : none_deleted));
  RecordMails(context, plan, settings, batcher.delivered(),
              quit ? batcher.deleted() : none_deleted);
  if (!quit) return quit;
  return committed;
}

}  // namespace mpop::client
