#include "client/retrieval.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
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
#include "util/string_list.hpp"

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

// Runs the `filter` command on every mail still to be retrieved (doc/COMPAT.md 8: after the
// size filters) and applies its verdicts.
Status ApplyHeaderFilter(const SessionContext& context, pop3::Session& session,
                         const pop3::Capabilities& capabilities, MailPlan& plan) {
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
void PrintFilterNotices(const SessionContext& context, const MailPlan& plan,
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
uidls::Store::FinalList FinalUidList(const uidls::Store& store, const MailPlan& plan,
                                     const std::vector<bool>& deleted, std::int64_t session_time) {
  uidls::Store::FinalList uids = store.StartFinalList();
  for (std::size_t i = 0; i < plan.size(); ++i) {
    if (plan[i].old && plan[i].has_uid && !deleted[i]) {
      uids.Add(*plan.uid(i), plan[i].first_seen(session_time));
    }
  }
  return uids;
}

// The re-download guard (client/redownload_guard.hpp), before anything is fetched: the
// reason to stop when this run would flood the mailbox with mails kept on the server.
std::optional<std::string> RedownloadStop(const SessionContext& context,
                                          const MailPlan& known_before_filters,
                                          const MailPlan& plan, std::size_t state_known) {
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
              const pop3::Capabilities& capabilities, MailPlan plan, const PlanSettings& settings,
              std::size_t state_known) {
  const MailPlan known_before_filters = plan;
  ApplySizeFilters(plan, settings);
  std::optional<std::string> stop =
      RedownloadStop(context, known_before_filters, plan, state_known);
  MPOP_TRY(ApplyHeaderFilter(context, session, capabilities, plan));
  PrintDryRun(context, plan, settings, stop);
  return session.Quit();
}

// --mark-seen: every mail the server lists counts as retrieved from now on; nothing is
// fetched or deleted.
Status MarkSeen(const SessionContext& context, pop3::Session& session, const MailPlan& plan,
                uidls::Store& store) {
  uidls::Store::FinalList uids = store.StartFinalList();
  std::size_t marked = 0;
  for (std::size_t i = 0; i < plan.size(); ++i) {
    if (!plan[i].has_uid) continue;
    uids.Add(*plan.uid(i), plan[i].first_seen(context.session_time));
    if (!plan[i].old) ++marked;
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
    scan.uids->uids = util::StringList(**identities);
    scan.uids->duplicate.assign(scan.sizes.size(), false);
    // Not checked for duplicates: the plan looks for them itself.
    scan.uids->has_duplicates = true;
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

// One lookup in the compact table per mail, onwards from the last one (the listing is
// usually in UID order); the plan's UIDs stay in the scan. Shared UIDs: see PlanMailbox.
MailPlan PlanWith(const pop3::MailboxStat& stat, const pop3::Scan& scan, const uidls::UidMap& known,
                  const PlanSettings& settings) {
  uidls::UidTable::Cursor cursor;
  return PlanMailbox(
      static_cast<std::size_t>(stat.count), scan.sizes, scan.uids ? &scan.uids->uids : nullptr,
      [&](std::string_view uid) { return known.Find(uid, cursor); }, settings,
      !scan.uids || scan.uids->has_duplicates);
}

// The account stopped by the re-download guard. Nothing was sent that changes the
// mailbox, so a clean QUIT is harmless.
Error StoppedByGuard(pop3::Session& session, Error reason) {
  static_cast<void>(session.Quit());
  return reason;
}

// The sizes the session needs when the scan asked no LIST (ScanWantsList): those of the
// new mails (the status line) and of the mails to fetch. They come by pipelined "LIST n",
// either at once (Fill) or, in a plain retrieval, queued ahead of the RETRs so that they
// cost no round trip of their own (MailBatcher::SizesFirst); the status line waits for
// them either way, so the output is the same as with the whole LIST.
class LazySizes {
 public:
  LazySizes(const SessionContext& context, pop3::Session& session, pop3::Scan& scan,
            const pop3::MailboxStat& stat)
      : context_(context), session_(session), scan_(scan), stat_(stat) {}

  // Indices of the planned mails whose size is still unknown and needed.
  std::vector<std::size_t> Unsized(const MailPlan& plan) const {
    std::vector<std::size_t> unsized;
    if (scan_.sizes_known) return unsized;
    for (std::size_t i = 0; i < plan.size(); ++i) {
      if (!plan[i].old || plan[i].action == MailAction::kRetrieve) unsized.push_back(i);
    }
    return unsized;
  }

  // Asks the sizes still needed now ("LIST n", or the whole LIST if the server answers
  // that badly) and sets them in the plan and the scan.
  Status Fill(MailPlan& plan) {
    const std::vector<std::size_t> unsized = Unsized(plan);
    if (unsized.empty()) return {};
    std::vector<long> numbers;
    numbers.reserve(unsized.size());
    for (std::size_t i : unsized) numbers.push_back(static_cast<long>(i + 1));
    auto sizes = session_.ListEach(numbers);
    if (!sizes) return std::move(sizes).error();
    if (*sizes) {
      for (std::size_t k = 0; k < unsized.size(); ++k) plan[unsized[k]].size = (**sizes)[k];
    } else {
      auto all = session_.List(stat_.count);
      if (!all) return std::move(all).error();
      scan_.sizes = std::move(*all);
      scan_.sizes_known = true;
      for (std::size_t i = 0; i < plan.size(); ++i) plan[i].size = scan_.sizes[i];
    }
    return {};
  }

  // The status line (doc/COMPAT.md 7.4), once, unless -q.
  void PrintStatus(const MailPlan& plan) {
    if (printed_ || context_.options.quiet) return;
    printed_ = true;
    std::int64_t new_count = 0, new_size = 0;
    for (const PlannedMail& mail : plan) {
      if (!mail.old) {
        ++new_count;
        new_size += static_cast<std::int64_t>(mail.size);
      }
    }
    context_.out.Out(FormatStatus(context_.account.user.value_or(""), context_.ServerName(),
                                  new_count, new_size, stat_.count,
                                  static_cast<std::int64_t>(stat_.size)));
  }

  // Before an error that ends the session ahead of the RETRs: the status line as it would
  // have been printed before the error with the whole LIST (best effort).
  Error PrintedBefore(Error error, MailPlan& plan) {
    if (!printed_ && Fill(plan)) PrintStatus(plan);
    return error;
  }

 private:
  const SessionContext& context_;
  pop3::Session& session_;
  pop3::Scan& scan_;
  const pop3::MailboxStat& stat_;
  bool printed_ = false;
};

}  // namespace

// The user name that names this account's list in the UIDLs file. A list header needs a
// non-empty name; without a user (EXTERNAL takes the identity from the client
// certificate) upstream writes a file it cannot read back (doc/COMPAT.md 10), so use a
// placeholder no real user name can be.
std::string UidlsUser(const config::Account& account) {
  const std::string user = account.user.value_or("");
  return user.empty() ? "(no-user)" : user;
}

bool ScanWantsList(const SessionContext& context, const pop3::Capabilities& capabilities) {
  const config::Account& account = context.account;
  const RunOptions& options = context.options;
  const bool plain_mode = options.mode == Mode::kRetrieve || options.mode == Mode::kStatusOnly;
  return context.full_list || !plain_mode || options.dry_run || options.mark_seen ||
         account.killsize >= 0 || account.skipsize >= 0 ||
         (account.filter && !account.filter->empty()) || !ScanWantsUidl(capabilities);
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
  auto stat_and_scan =
      session.StatAndScan(ScanWantsUidl(capabilities), ScanWantsList(context, capabilities));
  if (!stat_and_scan) return std::move(stat_and_scan).error();
  const pop3::MailboxStat* stat = &stat_and_scan->first;
  pop3::Scan* scan = &stat_and_scan->second;
  MPOP_TRY(context.CheckStop());
  if (!scan->sizes_known && !scan->uids) {
    // UIDL failed after all: every mail is new, and the header UIDs need every size.
    auto sizes = session.List(stat->count);
    if (!sizes) return std::move(sizes).error();
    scan->sizes = std::move(*sizes);
    scan->sizes_known = true;
  }
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
  MailPlan plan = PlanWith(*stat, *scan, *known, settings);
  std::optional<std::string> shared_warning = SharedUidWarning(plan);

  // Sizes still unknown come ahead of the RETRs in a plain retrieval, else now.
  LazySizes sizes(context, session, *scan, *stat);
  const bool sizes_with_retrs = context.options.mode == Mode::kRetrieve &&
                                !context.options.mark_seen && !context.options.dry_run &&
                                !shared_warning && !sizes.Unsized(plan).empty();
  if (!sizes_with_retrs) {
    if (Status filled = sizes.Fill(plan); !filled) {
      // "LIST n" answered in a way that broke the session: the next one asks LIST.
      found.retry_with_full_list = !scan->sizes_known;
      return filled;
    }
    sizes.PrintStatus(plan);
  }
  found.listed = plan.size();
  found.state_known = known->size();
  for (const PlannedMail& mail : plan) found.new_mails += mail.old ? 0 : 1;
  RecordStatus(context, plan, *stat);
  if (context.options.mode == Mode::kStatusOnly) return session.Quit();
  if (shared_warning) context.out.Err(*shared_warning);
  if (context.options.dry_run) {
    return DryRun(context, session, capabilities, std::move(plan), settings, known->size());
  }
  if (!context.options.mark_seen) {
    // Before anything is created or delivered (a missing UIDLs file, an mbox), so that a
    // stopped run leaves everything as it was.
    // The size filters on a copy; without them the plan is its own filtered plan (no copy
    // of 48 bytes per mail, issue 17).
    MailPlan filtered;
    if (settings.killsize >= 0 || settings.skipsize >= 0) {
      filtered = plan;
      ApplySizeFilters(filtered, settings);
    }
    const MailPlan& after_filters = filtered.empty() ? plan : filtered;
    if (auto stop = RedownloadStop(context, plan, after_filters, known->size())) {
      return StoppedByGuard(session, sizes.PrintedBefore(Error::DataErr(std::move(*stop)), plan));
    }
  }
  if (!store) {
    auto created = OpenStore(context, fs, false);
    if (!created) return sizes.PrintedBefore(std::move(created).error(), plan);
    store = std::move(*created);
    known = &store->uids();
    // Another run may have written it meanwhile. Sizes that "LIST n" gave stay.
    MailPlan replanned = PlanWith(*stat, *scan, *known, settings);
    for (std::size_t i = 0; i < plan.size(); ++i) replanned[i].size = plan[i].size;
    plan = std::move(replanned);
  }

  auto target_or_error = ToDeliveryTarget(account.delivery);
  if (!target_or_error) return sizes.PrintedBefore(std::move(target_or_error).error(), plan);
  delivery::DeliveryTarget target = std::move(*target_or_error);
  target.sequence = context.sequence;
  target.file_system = &fs;
  target.command_timeout = config::CommandTimeout(account);
  auto delivery = delivery::OpenDelivery(target);
  if (!delivery) return sizes.PrintedBefore(std::move(delivery).error(), plan);
  // Finish deliveries that a crash interrupted after they were journaled.
  for (const uidls::JournalRecord& record : store->RecoveredRecords()) {
    Status recovered = (*delivery)->Recover(record.delivery_token);
    if (!recovered) return sizes.PrintedBefore(std::move(recovered).error(), plan);
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
  if (sizes_with_retrs) {
    // The plan may have been made again (a new store): ask what it needs now.
    batcher.SizesFirst(sizes.Unsized(plan), [&] { sizes.PrintStatus(plan); });
  }
  Status retrieved = batcher.RetrieveAll();
  const std::vector<bool> none_deleted(plan.size(), false);
  if (!retrieved) {
    // A server that answers "LIST n" badly: the next session asks the whole LIST. Nothing
    // was fetched (the sizes come before the first RETR's answer).
    found.retry_with_full_list = batcher.sizes_failed();
    // No QUIT: closing the connection makes the server forget every DELE (RFC 1939 6).
    // Everything delivered stays recorded. The retrieval error is the one to report; if
    // this rewrite fails too, the journal still holds the records and the next run merges
    // them.
    Status committed =
        store->Commit(FinalUidList(*store, plan, none_deleted, settings.session_time));
    static_cast<void>(committed);
    RecordMails(context, plan, settings, batcher.delivered(), none_deleted);
    return retrieved;
  }
  for (const PlannedMail& mail : plan) found.retrieved += mail.action == MailAction::kRetrieve;
  // Deletions count once QUIT succeeded. A session that deletes nothing sent QUIT already:
  // the final list does not depend on its answer, and the file is written meanwhile.
  const bool quit_first = !batcher.quit_sent();
  Status quit = quit_first ? session.Quit() : Status{};
  Status committed = store->Commit(
      FinalUidList(*store, plan, quit ? batcher.deleted() : none_deleted, settings.session_time));
  if (!quit_first) quit = session.Quit();
  RecordMails(context, plan, settings, batcher.delivered(),
              quit ? batcher.deleted() : none_deleted);
  if (!quit) return quit;
  return committed;
}

}  // namespace mpop::client
