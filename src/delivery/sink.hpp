#pragma once
// The delivery sink: where retrieved mails go (maildir, mbox, MDA, Exchange pickup).
//
// Delivery is two-phase so the client can group-commit (doc/ARCHITECTURE.md "Durability"):
//   1. for each mail of a batch: Begin(), Write() the body in chunks, Finish() -> token;
//   2. Sync() once, making every finished mail of the batch durable where it lies;
//   3. the client journals each mail's UID with its token (one fsync for the batch);
//   4. Publish(tokens) makes the batch visible to mail readers, durably;
//   5. only then DELE.
// After a crash the client replays its journal: Recover(token) finishes or recognises
// each delivery the crash interrupted, so no mail is lost or delivered twice.
//
// Bodies arrive already dot-unstuffed with "\n" line endings; a mail is never held whole
// in memory (doc/ARCHITECTURE.md "Streaming"). Errors are EX_IOERR (doc/COMPAT.md 7.10) unless
// noted.
//
// Threads: a Delivery and its writers are used by one thread at a time. Different
// Delivery objects (one per account) may run on different threads.

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "util/result.hpp"

namespace mpop::delivery {

// What is known about a mail before its body arrives.
struct MailInfo {
  std::string uid;                             // server UID, empty if the server has none
  std::optional<std::string> envelope_sender;  // sanitized address (doc/COMPAT.md 3.5), if known
  std::uint64_t server_size = 0;               // size from LIST, 0 if unknown
  bool operator==(const MailInfo&) const = default;
};

// Writes one mail. Made by Delivery::Begin(). Exactly one of Finish() or Abort() ends it;
// the destructor aborts a writer that neither finished nor aborted. Aborting removes
// everything this writer created (no partial file is left behind), so every error path
// of the caller only has to drop the writer.
class MailWriter {
 public:
  virtual ~MailWriter() = default;

  // Appends bytes of the body. Chunks may be of any size, including empty; small ones
  // are buffered. After an error the writer is failed: further Write()s and Finish()
  // return the same error, and the caller should drop the writer.
  virtual Status Write(std::string_view chunk) = 0;

  // Ends the mail; its data is durable at the latest after the next Sync(). Returns the
  // token naming the mail for Publish() and Recover(); methods without a publish step
  // return an empty token. On error the mail is removed, as by Abort().
  virtual Result<std::string> Finish() = 0;

  // Drops the mail: removes what this writer created. Never fails; idempotent.
  virtual void Abort() = 0;
};

class Delivery {
 public:
  virtual ~Delivery() = default;

  // Starts a new mail.
  virtual Result<std::unique_ptr<MailWriter>> Begin(const MailInfo& info) = 0;

  // Makes every mail finished so far durable as a batch, so that its token may be
  // journaled: after Sync() returns, a crash leaves each finished mail recoverable by
  // Recover(token). Maildir: one fsync of tmp/ (without it, a crash can lose the tmp/
  // entry of a mail whose data was synced). Call between the Finish()es of a batch and
  // the journal write.
  virtual Status Sync() = 0;

  // Makes finished mails visible to mail readers, durably, as one batch (maildir: link
  // tmp/X to new/X for each, one fsync of new/, unlink each tmp/X, one fsync of tmp/).
  // Publishing a token again is harmless. On error, each mail of the batch is either
  // still unpublished or published; Recover() finishes either state.
  virtual Status Publish(std::span<const std::string> tokens) = 0;

  // After a crash: finishes the delivery of a mail whose token was journaled. Maildir:
  // tmp/X without new/X is linked; tmp/X and new/X (same file) drops tmp/X; neither means
  // it was published already (and perhaps moved on by a mail reader): nothing to do.
  // A malformed token is EX_DATAERR.
  virtual Status Recover(std::string_view token) = 0;

  // After the recoveries: removes what earlier runs of this program on this host left
  // unfinished because they were killed (maildir: tmp/ files named by a process that no
  // longer exists). Such a mail was never journaled, so it is still on the server and is
  // fetched again; the leftover is only litter. Files of live processes, of other hosts
  // and of other programs are never touched. Failures are ignored: it is tidying only.
  virtual void RemoveAbandoned() {}
};

}  // namespace mpop::delivery
