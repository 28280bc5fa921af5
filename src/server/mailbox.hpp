#pragma once
// Mailbox: a locked maildir as one POP3 session sees it: the mails found when the session
// entered the TRANSACTION state (later deliveries wait for the next session), their
// deletion marks, and the UPDATE step that removes the marked files.
//
// Messages are numbered from 1 in delivery order (server/maildir_scan.hpp). Nothing is
// removed before Commit(): a session that ends any other way leaves the maildir unchanged.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "server/mailbox_lock.hpp"
#include "server/maildir_scan.hpp"
#include "util/result.hpp"

namespace mpop::server {

class Output;

class Mailbox {
 public:
  // Locks the maildir (MailboxLock::Acquire's errors, kTempFail when in use) and scans it
  // (ScanMaildir's errors).
  static Result<Mailbox> Open(const std::string& maildir);

  // For tests: a mailbox over already scanned mails, without a lock.
  Mailbox(std::optional<MailboxLock> lock, std::vector<MailFile> mails);
  Mailbox(Mailbox&&) = default;
  Mailbox& operator=(Mailbox&&) = default;

  // All messages, deleted ones included: message numbers run from 1 to count().
  std::size_t count() const { return mails_.size(); }
  // Messages not marked deleted, and their total size.
  std::size_t live_count() const;
  std::uint64_t live_size() const;

  // The mail with number `number` (1-based), nullptr if out of range or marked deleted.
  const MailFile* Find(std::uint64_t number) const;
  bool IsDeleted(std::uint64_t number) const;

  // Marks message `number` (valid and not deleted, see Find) for deletion.
  void MarkDeleted(std::uint64_t number);
  // Unmarks every message (RSET).
  void UnmarkAll();

  // Sends message `number` as a multi-line body (without the status line, with the
  // terminating ".\r\n"), streamed from the file in chunks. body_lines limits it for TOP.
  // Errors: kNoInput "message N has vanished" when the file is gone before a byte was
  // sent (the caller can still answer -ERR); kIoErr for a read error (after the status
  // line went out, the connection must end) or the Output's own errors.
  Status Send(std::uint64_t number, std::optional<std::uint64_t> body_lines, Output& out,
              std::string_view status_line) const;

  struct CommitResult {
    std::size_t removed = 0;            // files this commit removed
    std::size_t already_gone = 0;       // marked, but another program had removed the file
    std::vector<std::string> failures;  // "cannot remove PATH: REASON"
  };
  // UPDATE state: removes the files of marked messages. A file already gone is no failure
  // (the client's wish is fulfilled) but is not counted as removed: it goes to
  // already_gone, so the QUIT reply counts only what this session deleted.
  CommitResult Commit();

 private:
  std::optional<MailboxLock> lock_;
  std::vector<MailFile> mails_;
  std::vector<bool> deleted_;
};

}  // namespace mpop::server
