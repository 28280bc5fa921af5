#pragma once
// Store: one account's view of a UIDLs file, locked for the whole session, with durable
// per-mail updates (doc/ARCHITECTURE.md "Durability").
//
// The UIDLs file stays in upstream's format and is only ever replaced atomically (temp file
// in the same directory, fsync, rename, fsync of the directory). Recording a UID must not
// cost such a rewrite per mail, so records go to an append-only journal "<file>.journal"
// beside it, made durable in batches by Sync(); Commit() folds the session's final list into
// the file and removes the journal. If the process dies before Commit(), the next Open() of
// the file (by any account) merges the journal's records first, so nothing recorded is lost.
//
// How the client uses it (the integrator's contract):
//   1. Open() after LIST/UIDL, before delivering anything. Then handle RecoveredRecords():
//      each names (delivery_token) a delivery that a crash interrupted after its file in the
//      maildir's tmp/ was durable; finish it (link into new/; idempotent: a missing tmp file
//      means it was already finished). Their UIDs are already in uids().
//   2. For each mail, once its delivery is durable (or its tmp/ file is, with a token):
//      Record(uid, session_time, token).
//   3. Sync() once per batch, BEFORE sending the DELEs of that batch: one fsync makes every
//      record of the batch durable (group commit).
//   4. Commit(final list) once at the end of the session, also after errors (with the
//      conservative list: everything delivered stays marked old), like upstream's single
//      save at session end (doc/COMPAT.md 2.4).
// A Store is still usable after Commit() (it keeps the lock until destroyed).
//
// Several accounts may share one file; their lists are preserved. The lock (uidls/lock.hpp)
// serialises all sessions on the file, so each Store sees every earlier Commit.
//
// Errors: kIoErr for I/O and locking, kDataErr for a malformed file (see uidls_file.hpp) and
// for UIDs, hosts or users that the file format cannot hold.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "uidls/journal.hpp"
#include "uidls/lock.hpp"
#include "uidls/uidls_file.hpp"
#include "util/file_system.hpp"
#include "util/result.hpp"
#include "util/unique_fd.hpp"

namespace mpop::uidls {

class Store {
 public:
  // Locks `path` (creating missing directories and the file), reads it, and merges a
  // leftover journal. `host` and `user` name this account's list (they must pass
  // CheckListName); `now` is the session time, given to pre-1.4.23 entries. Every write,
  // sync and rename goes through `fs`, which must outlive the Store.
  static Result<Store> Open(std::string path, std::string host, std::string user, std::int64_t now,
                            LockOptions lock_options = {},
                            const util::FileSystem& fs = util::PosixFileSystem());

  Store(Store&&) = default;
  Store& operator=(Store&&) = default;
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // This account's UIDs with their first-seen times, including everything Record()ed.
  const UidMap& uids() const;
  bool Contains(std::string_view uid) const { return uids().contains(uid); }
  std::optional<std::int64_t> FirstSeen(std::string_view uid) const;

  // This account's journal records with a non-empty delivery token, found by Open(): the
  // deliveries a crash may have interrupted. They stay in the journal until Commit().
  const std::vector<JournalRecord>& RecoveredRecords() const { return recovered_; }
  // Damaged journal lines that Open() skipped (for a warning; the records around them were
  // used).
  std::size_t SkippedJournalLines() const { return skipped_journal_lines_; }

  // Adds a record for `uid` to the journal and to uids(), keeping an existing first-seen
  // time. The record is written by the next Sync(), with the rest of its batch in one
  // write(). kDataErr if the UID cannot be stored (CheckUid). After a write error every
  // later Record() and Sync() fails too.
  Status Record(std::string_view uid, std::int64_t first_seen,
                std::string_view delivery_token = {});

  // Writes the records added since the last Sync() and makes them durable with one fsync
  // (plus one of the directory when the journal was created). Cheap when there is nothing
  // new.
  Status Sync();

  // Replaces this account's list by `final_uids`, rewrites the file atomically (other
  // accounts' lists preserved, an empty list omitted), then removes the journal. When
  // nothing changed (nothing recorded, no journal found, the same list) it writes nothing. Records
  // of other accounts that carry a delivery token are kept in a new journal, because only
  // their own sessions can finish those deliveries.
  Status Commit(UidMap final_uids);

  // A final list for Commit() that does not copy the UIDs this account's list already holds
  // (a kept mailbox of 50,000 mails would build a second table of 50,000 UIDs in every run,
  // issue 17): a mark per stored UID, and a table of the UIDs it does not hold.
  class FinalList {
   public:
    // Adds `uid`; a UID the account's list holds keeps its stored first-seen time.
    void Add(std::string_view uid, std::int64_t first_seen);

   private:
    friend class Store;
    explicit FinalList(const UidMap& stored) : stored_(&stored), kept_(stored.size()) {}
    const UidMap* stored_;
    std::vector<bool> kept_;      // by position in stored_'s UID order
    std::size_t kept_count_ = 0;  // how many of kept_ are true
    UidMap added_;
    UidMap::Cursor cursor_;  // UIDs come in the listing's order, mostly ascending
  };
  // An empty final list, valid until the next Record() or Commit().
  FinalList StartFinalList() const { return FinalList(uids()); }
  // Commit() of the UIDs in `final_list`.
  Status Commit(FinalList final_list);

 private:
  Store(FileLock lock, std::string host, std::string user, const util::FileSystem& fs)
      : fs_(&fs), lock_(std::move(lock)), host_(std::move(host)), user_(std::move(user)) {}

  std::string journal_path() const { return lock_.data_path() + ".journal"; }
  UidList& list();
  Status LoadJournal();
  Status OpenJournalForAppend();
  Status RewriteJournal();
  // `list_unchanged`: the account's list is as read from the file.
  Status WriteIfChanged(bool list_unchanged = false);

  const util::FileSystem* fs_;
  FileLock lock_;
  std::string host_;
  std::string user_;
  UidlsData data_;
  // The data file's bytes as read (the lists' UIDs point into them); null after Commit()
  // wrote the file, whose new text is not kept.
  std::shared_ptr<const FileText> on_disk_;
  bool on_disk_canonical_ = false;  // on_disk_ is exactly what FormatUidls(data_) gave then
  bool journal_found_ = false;      // Open() found a journal: Commit() must fold it in
  std::vector<JournalRecord> recovered_;
  std::vector<JournalRecord> foreign_tokens_;  // other accounts' records with tokens
  std::size_t skipped_journal_lines_ = 0;
  UniqueFd journal_;  // open for appending, once Record() was called
  bool journal_dir_unsynced_ = false;
  bool journal_unsynced_ = false;
  std::string unwritten_records_;       // Record()ed since the last Sync()
  std::optional<Error> journal_error_;  // sticky: a failed append may have left a torn line
};

}  // namespace mpop::uidls
