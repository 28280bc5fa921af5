#pragma once
// MailBatcher: the retrieval loop of one session. It queues RETR for every mail the plan
// retrieves (pipelined, so mails stream without round trips), writes each body into the
// delivery as it arrives, and commits finished mails in batches (group commit, see
// retrieval.hpp): delivery Sync, journal records + one fsync, Publish; the DELEs of every
// committed mail go at the end, with QUIT.
//
// With batches of more than one mail, a full batch's Sync runs on a background thread while
// the next batch is received; the batch is journaled and published once that Sync has
// returned (at the latest when the next batch is full). Why: the Sync
// (syncfs) waits for the disk, and also for other processes' dirty data on the same file
// system; without the thread, reception stalls and the server waits meanwhile. At most
// one Sync runs at a time and never during a Publish, and a batch's files are all finished
// before its Sync starts, so the durability order of retrieval.hpp is unchanged.

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "client/account_output.hpp"
#include "client/mail_plan.hpp"
#include "client/session_context.hpp"
#include "delivery/received_header.hpp"
#include "delivery/sink.hpp"
#include "net/connect.hpp"
#include "pop3/session.hpp"
#include "uidls/store.hpp"

namespace mpop::client {

class MailBatcher {
 public:
  // A batch is committed once it holds this many mails or bytes, once a mail ends a second
  // or more after the batch's first began (so that a big first fetch shows its mails in
  // the mailbox as it goes, not every 128 mails), or at the end. Methods that deliver for
  // good in Finish() (mbox, MDA, Exchange) use batches of one: a crash may then deliver at
  // most the one mail in flight again.
  static constexpr std::size_t kBatchMails = 128;
  static constexpr std::uint64_t kBatchBytes = 16u << 20;
  static constexpr std::chrono::milliseconds kBatchAge{1000};

  MailBatcher(const SessionContext& context, pop3::Session& session, delivery::Delivery& delivery,
              uidls::Store& store, MailPlan& plan, const PlanSettings& settings,
              const net::ConnectionInfo& connection, std::size_t batch_mails = kBatchMails);
  ~MailBatcher();
  MailBatcher(const MailBatcher&) = delete;
  MailBatcher& operator=(const MailBatcher&) = delete;

  // Deletes what the plan deletes, retrieves what it retrieves. The DELEs of the
  // retrieved mails are left queued for the caller's QUIT to send along. On error, every mail that
  // was completely received is still delivered and recorded; no DELE takes effect because
  // the caller then closes the connection without QUIT.
  Status RetrieveAll();

  // Asks RetrieveAll() to queue "LIST n" for the mails at `indices` ahead of the RETRs and
  // set their sizes in the plan; `on_sized` runs once all are in (at once if there are
  // none), before the first mail. When RetrieveAll() fails before every size is in (an
  // answer that is not "+OK n size"), no mail was received, and sizes_failed() says so.
  void SizesFirst(std::vector<std::size_t> indices, std::function<void()> on_sized);
  bool sizes_failed() const { return sizes_failed_; }

  // Whether RetrieveAll() sent QUIT already (Session::SendQuit): in a session that deletes
  // nothing, as soon as the last mail is in, so that the server ends the session while the
  // last batch becomes durable. The caller's Quit() then only reads the reply.
  bool quit_sent() const { return quit_sent_; }

  // Mails a DELE was sent for (effective once QUIT succeeds).
  const std::vector<bool>& deleted() const { return deleted_; }
  // Mails delivered and recorded.
  const std::vector<bool>& delivered() const { return delivered_; }

 private:
  class RetrHandler;
  class SizeHandler;
  struct Finished {
    std::size_t index;
    std::string token;
  };

  Status QueueDeletesOfOldAndKilledMails();
  std::chrono::steady_clock::time_point Now() const;
  Status BeginMail(std::size_t index);
  Status WriteMail(std::string_view chunk);
  Status EndMail(std::size_t index);
  Status CommitBatch(bool queue_deletes);
  Status StartBackgroundSync();
  Status CommitSyncedBatch(bool queue_deletes);
  Status RecordAndPublish(std::vector<Finished> batch, bool queue_deletes);
  // Whether no mail of the plan is or will be deleted (see quit_sent()).
  bool DeletesNothing() const;
  Status QueueDeleteUnlessKept(std::size_t index);

  const SessionContext& context_;
  pop3::Session& session_;
  delivery::Delivery& delivery_;
  uidls::Store& store_;
  MailPlan& plan_;
  const PlanSettings& settings_;
  delivery::ReceivedHeaderInfo received_;
  Progress progress_;
  std::deque<RetrHandler> handlers_;
  std::vector<std::size_t> sizes_first_;
  std::function<void()> on_sized_;
  std::deque<SizeHandler> size_handlers_;
  std::size_t sizes_answered_ = 0;
  bool sizes_failed_ = false;
  bool quit_sent_ = false;
  std::unique_ptr<delivery::MailWriter> writer_;  // the mail being received
  std::size_t batch_mails_;
  std::vector<Finished> batch_;
  std::uint64_t batch_bytes_ = 0;
  std::chrono::steady_clock::time_point batch_began_;  // when its first mail began
  std::vector<Finished> syncing_;  // the batch whose Sync runs in the background
  std::future<Status> syncing_done_;
  std::vector<std::size_t> durable_;  // retrieved mails now durable: to be deleted
  std::vector<bool> deleted_;
  std::vector<bool> delivered_;
};

}  // namespace mpop::client
