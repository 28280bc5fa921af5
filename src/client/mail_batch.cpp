#include "client/mail_batch.hpp"

#include <ctime>
#include <system_error>
#include <utility>

#include "pop3/reply.hpp"
#include "util/i18n.hpp"

namespace mpop::client {

class MailBatcher::RetrHandler : public pop3::ReplyHandler {
 public:
  RetrHandler(MailBatcher& batcher, std::size_t index) : batcher_(batcher), index_(index) {}
  Status OnReply(const pop3::Reply& reply) override {
    if (!reply.ok) {
      return pop3::ReplyError(
          reply, TrFormat("POP3 server rejected {}", "RETR " + std::to_string(index_ + 1)),
          ExitCode::kProtocol);
    }
    return batcher_.BeginMail(index_);
  }
  Status OnData(std::string_view chunk) override { return batcher_.WriteMail(chunk); }
  Status OnDataEnd() override { return batcher_.EndMail(index_); }

 private:
  MailBatcher& batcher_;
  std::size_t index_;
};

class MailBatcher::SizeHandler : public pop3::ReplyHandler {
 public:
  SizeHandler(MailBatcher& batcher, std::size_t index, bool last)
      : batcher_(batcher), index_(index), last_(last) {}
  Status OnReply(const pop3::Reply& reply) override {
    const long number = static_cast<long>(index_ + 1);
    std::optional<std::uint64_t> size =
        reply.ok ? pop3::ParseListReply(reply.text, number) : std::nullopt;
    if (!size) {
      batcher_.sizes_failed_ = true;
      return pop3::ReplyError(
          reply, "POP3 server answered LIST " + std::to_string(number) + " without its size",
          ExitCode::kProtocol);
    }
    batcher_.plan_[index_].size = *size;
    ++batcher_.sizes_answered_;
    if (last_ && batcher_.on_sized_) batcher_.on_sized_();
    return {};
  }

 private:
  MailBatcher& batcher_;
  std::size_t index_;
  bool last_;
};

MailBatcher::MailBatcher(const SessionContext& context, pop3::Session& session,
                         delivery::Delivery& delivery, uidls::Store& store, MailPlan& plan,
                         const PlanSettings& settings, const net::ConnectionInfo& connection,
                         std::size_t batch_mails)
    : context_(context),
      session_(session),
      delivery_(delivery),
      store_(store),
      plan_(plan),
      settings_(settings),
      progress_(context.out, context.progress_enabled()),
      batch_mails_(batch_mails),
      deleted_(plan.size(), false),
      delivered_(plan.size(), false) {
  received_.server_host = context.ServerName();
  received_.server_name = connection.peer_reverse_name;
  received_.server_ip = connection.peer_ip;
  received_.local_host = context.identity.host;
  received_.login = context.identity.login;
}

MailBatcher::~MailBatcher() = default;

void MailBatcher::SizesFirst(std::vector<std::size_t> indices, std::function<void()> on_sized) {
  sizes_first_ = std::move(indices);
  on_sized_ = std::move(on_sized);
}

Status MailBatcher::RetrieveAll() {
  MPOP_TRY(QueueDeletesOfOldAndKilledMails());
  if (sizes_first_.empty() && on_sized_) on_sized_();
  for (std::size_t k = 0; k < sizes_first_.size(); ++k) {
    SizeHandler& handler =
        size_handlers_.emplace_back(*this, sizes_first_[k], k + 1 == sizes_first_.size());
    MPOP_TRY(session_.QueueList(static_cast<long>(sizes_first_[k] + 1), handler));
  }
  for (std::size_t i = 0; i < plan_.size(); ++i) {
    if (plan_[i].action != MailAction::kRetrieve) continue;
    RetrHandler& handler = handlers_.emplace_back(*this, i);
    MPOP_TRY(session_.QueueRetr(static_cast<long>(i + 1), handler));
  }
  Status run = session_.Run();
  // Nothing to delete, so nothing for QUIT to wait for: sent now, the server ends the
  // session while the last batch is made durable and the UIDLs file written (issue 17:
  // Dovecot took 25 ms to answer QUIT after 100 new mails of a big mailbox). A crash in
  // between loses nothing: the mails stay on the server.
  if (run && DeletesNothing()) {
    run = session_.SendQuit();
    quit_sent_ = run.has_value();
  }
  if (run) run = CommitSyncedBatch(/*queue_deletes=*/true);
  if (run) run = CommitBatch(/*queue_deletes=*/true);
  // Every DELE stays queued for the caller's QUIT, which sends them in the same round trip.
  // Why not each batch's DELEs as soon as it is durable: sent while the last RETRs stream
  // in, their replies arrive a round trip after the last mail, and Run() would wait for
  // them. The server deletes nothing before QUIT anyway (RFC 1939 6).
  for (std::size_t index : durable_) {
    if (run) run = QueueDeleteUnlessKept(index);
  }
  if (run) return run;

  // Failed before every size was in: a server that cannot answer "LIST n" (another kind
  // of reply than "+OK n size" also breaks the order of the replies).
  if (sizes_answered_ < sizes_first_.size() && !context_.stop.stopped()) sizes_failed_ = true;
  // Failed: drop the mail in flight (its writer removes the partial file), keep the
  // complete ones.
  writer_.reset();
  progress_.Abort();
  Status saved = CommitSyncedBatch(/*queue_deletes=*/false);
  if (saved) saved = CommitBatch(/*queue_deletes=*/false);
  if (context_.stop.stopped()) return context_.CheckStop();
  if (!saved) return saved;
  return run;
}

Status MailBatcher::QueueDeletesOfOldAndKilledMails() {
  bool recorded = false;
  for (std::size_t i = 0; i < plan_.size(); ++i) {
    PlannedMail& mail = plan_[i];
    if (mail.action != MailAction::kDelete) continue;
    if (mail.reason != ActionReason::kOld && mail.has_uid) {
      // A killed mail is remembered, so with keep it is not filtered again next time.
      MPOP_TRY(store_.Record(*plan_.uid(i), mail.first_seen(settings_.session_time)));
      recorded = true;
    }
  }
  if (recorded) MPOP_TRY(store_.Sync());
  for (std::size_t i = 0; i < plan_.size(); ++i) {
    if (plan_[i].action == MailAction::kDelete) MPOP_TRY(QueueDeleteUnlessKept(i));
  }
  return {};
}

bool MailBatcher::DeletesNothing() const {
  for (std::size_t i = 0; i < plan_.size(); ++i) {
    // Retrieved mails are deleted once durable, unless kept, as are mails to delete.
    const bool may_delete = plan_[i].action != MailAction::kIgnore;
    if (deleted_[i] || (may_delete && !KeptByKeep(plan_[i], settings_))) return false;
  }
  return true;
}

Status MailBatcher::QueueDeleteUnlessKept(std::size_t index) {
  if (KeptByKeep(plan_[index], settings_)) return {};
  deleted_[index] = true;
  return session_.QueueDele(static_cast<long>(index + 1));
}

std::chrono::steady_clock::time_point MailBatcher::Now() const {
  return context_.clock ? context_.clock() : std::chrono::steady_clock::now();
}

Status MailBatcher::BeginMail(std::size_t index) {
  MPOP_TRY(context_.CheckStop());
  if (batch_.empty() && batch_mails_ > 1) batch_began_ = Now();
  const PlannedMail& mail = plan_[index];
  auto writer = delivery_.Begin({.uid = std::string(plan_.uid(index).value_or("")),
                                 .envelope_sender = std::nullopt,
                                 .server_size = mail.size});
  if (!writer) return std::move(writer).error();
  writer_ = std::move(*writer);
  if (context_.account.received_header) {
    received_.time = delivery::LocalTime(std::time(nullptr));
    MPOP_TRY(writer_->Write(delivery::FormatReceivedHeader(received_, delivery::LineEnding::kLf)));
  }
  // Numbered by the server's message number and total, as the filter notices are and as
  // upstream does: "retrieving message 3 of 3" after "deleting message 2 of 3".
  progress_.Begin(static_cast<std::int64_t>(index + 1), static_cast<std::int64_t>(plan_.size()),
                  static_cast<std::int64_t>(mail.size));
  return {};
}

Status MailBatcher::WriteMail(std::string_view chunk) {
  progress_.Advance(static_cast<std::int64_t>(chunk.size()));
  return writer_->Write(chunk);
}

Status MailBatcher::EndMail(std::size_t index) {
  auto token = writer_->Finish();
  writer_.reset();
  if (!token) return std::move(token).error();
  progress_.End();
  batch_.push_back({index, std::move(*token)});
  batch_bytes_ += plan_[index].size;
  const bool old_enough = batch_mails_ > 1 && Now() - batch_began_ >= kBatchAge;
  if (batch_.size() >= batch_mails_ || batch_bytes_ >= kBatchBytes || old_enough) {
    if (batch_mails_ == 1) return CommitBatch(/*queue_deletes=*/true);
    return StartBackgroundSync();
  }
  return {};
}

Status MailBatcher::StartBackgroundSync() {
  MPOP_TRY(CommitSyncedBatch(/*queue_deletes=*/true));
  syncing_ = std::move(batch_);
  batch_.clear();
  batch_bytes_ = 0;
  try {
    syncing_done_ = std::async(std::launch::async, [this] { return delivery_.Sync(); });
  } catch (const std::system_error&) {
    // No thread to be had (process limits): sync here; only the overlap is lost.
    std::promise<Status> done;
    done.set_value(delivery_.Sync());
    syncing_done_ = done.get_future();
  }
  return {};
}

Status MailBatcher::CommitSyncedBatch(bool queue_deletes) {
  if (!syncing_done_.valid()) return {};
  MPOP_TRY(syncing_done_.get());
  std::vector<Finished> batch = std::move(syncing_);
  syncing_.clear();
  return RecordAndPublish(std::move(batch), queue_deletes);
}

Status MailBatcher::CommitBatch(bool queue_deletes) {
  if (batch_.empty()) return {};
  std::vector<Finished> batch = std::move(batch_);
  batch_.clear();
  batch_bytes_ = 0;
  MPOP_TRY(delivery_.Sync());
  return RecordAndPublish(std::move(batch), queue_deletes);
}

Status MailBatcher::RecordAndPublish(std::vector<Finished> batch, bool queue_deletes) {
  bool recorded = false;
  for (const Finished& mail : batch) {
    const PlannedMail& planned = plan_[mail.index];
    if (!planned.has_uid) continue;
    MPOP_TRY(store_.Record(*plan_.uid(mail.index), planned.first_seen(settings_.session_time),
                           mail.token));
    recorded = true;
  }
  if (recorded) MPOP_TRY(store_.Sync());
  std::vector<std::string> tokens;
  tokens.reserve(batch.size());
  for (Finished& mail : batch) tokens.push_back(std::move(mail.token));
  MPOP_TRY(delivery_.Publish(tokens));
  for (const Finished& mail : batch) {
    PlannedMail& planned = plan_[mail.index];
    planned.old = planned.has_uid;
    delivered_[mail.index] = true;
    if (queue_deletes) durable_.push_back(mail.index);
  }
  return {};
}

}  // namespace mpop::client
