#include "uidls/store.hpp"

#include <errno.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <stdio.h>
#include <unistd.h>

#include <utility>

#include "uidls/durable_io.hpp"
#include "uidls/file_text.hpp"
#include "util/i18n.hpp"

namespace mpop::uidls {

Result<Store> Store::Open(std::string path, std::string host, std::string user, std::int64_t now,
                          LockOptions lock_options, const util::FileSystem& fs) {
  MPOP_TRY(CheckListName(host, user));
  Result<FileLock> lock = FileLock::Acquire(std::move(path), std::move(lock_options));
  if (!lock) return std::move(lock).error();
  Store store(std::move(*lock), std::move(host), std::move(user), fs);
  const std::string& file = store.lock_.data_path();
  Result<std::shared_ptr<const FileText>> text = FileText::Load(store.lock_.data_fd(), file);
  if (!text) return std::move(text).error();
  store.on_disk_ = std::move(*text);
  Result<UidlsData> data = ParseUidls(store.on_disk_, file, now, &store.on_disk_canonical_);
  if (!data) return std::move(data).error();
  store.data_ = std::move(*data);
  MPOP_TRY(store.LoadJournal());
  if (store.data_.Find(store.host_, store.user_) == nullptr) {
    store.data_.lists.push_back(UidList{store.host_, store.user_, {}});
  }
  return store;
}

const UidMap& Store::uids() const { return data_.Find(host_, user_)->uids; }

UidList& Store::list() { return *data_.Find(host_, user_); }

std::optional<std::int64_t> Store::FirstSeen(std::string_view uid) const {
  return uids().Find(uid);
}

Status Store::LoadJournal() {
  std::string path = journal_path();
  UniqueFd fd(::open(path.c_str(), O_RDWR | O_CLOEXEC));
  if (!fd) {
    if (errno == ENOENT) return {};
    return Error::IoErr(TrFormat("cannot open {}: {}", path, ErrnoText(errno)));
  }
  journal_found_ = true;
  Result<std::string> text = ReadAll(fd.get(), path);
  if (!text) return std::move(text).error();
  JournalContents contents = ParseJournal(*text);
  skipped_journal_lines_ = contents.bad_lines;
  for (JournalRecord& record : contents.records) {
    if (!CheckListName(record.host, record.user) || !CheckUid(record.uid)) {
      ++skipped_journal_lines_;
      continue;
    }
    UidList* owner = data_.Find(record.host, record.user);
    if (owner == nullptr) {
      data_.lists.push_back(UidList{record.host, record.user, {}});
      owner = &data_.lists.back();
    }
    owner->uids.emplace(record.uid, record.first_seen);
    if (record.delivery_token.empty()) continue;
    bool ours = record.host == host_ && record.user == user_;
    (ours ? recovered_ : foreign_tokens_).push_back(std::move(record));
  }
  if (contents.torn_tail) {
    // Cut the torn line off, or our next append would be glued to it and look damaged.
    std::size_t end = text->rfind('\n');
    off_t keep = end == std::string::npos ? 0 : static_cast<off_t>(end + 1);
    if (fs_->Truncate(fd.get(), keep) != 0) {
      return Error::IoErr(TrFormat("cannot truncate {}: {}", path, ErrnoText(errno)));
    }
  }
  return {};
}

Status Store::OpenJournalForAppend() {
  std::string path = journal_path();
  journal_.Reset(
      fs_->OpenAt(AT_FDCWD, path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600));
  if (!journal_) return Error::IoErr(TrFormat("cannot open {}: {}", path, ErrnoText(errno)));
  // The journal may be new: its directory entry must become durable with the first Sync().
  journal_dir_unsynced_ = true;
  return {};
}

Status Store::Record(std::string_view uid, std::int64_t first_seen,
                     std::string_view delivery_token) {
  if (journal_error_) return *journal_error_;
  MPOP_TRY(CheckUid(uid));
  if (!journal_) MPOP_TRY(OpenJournalForAppend());
  unwritten_records_ += FormatJournalRecord(
      JournalRecord{host_, user_, std::string(uid), first_seen, std::string(delivery_token)});
  list().uids.emplace(uid, first_seen);
  return {};
}

Status Store::Sync() {
  if (journal_error_) return *journal_error_;
  if (!unwritten_records_.empty()) {
    Status written = WriteAll(journal_.get(), unwritten_records_, journal_path(), *fs_);
    unwritten_records_.clear();
    if (!written) {
      journal_error_ = written.error();
      return written;
    }
    journal_unsynced_ = true;
  }
  // fdatasync suffices: it also writes the file size, which appends change.
  if (journal_unsynced_ && fs_->Fdatasync(journal_.get()) != 0) {
    journal_error_ = Error::IoErr(TrFormat("cannot sync {}: {}", journal_path(), ErrnoText(errno)));
    return *journal_error_;
  }
  journal_unsynced_ = false;
  if (journal_dir_unsynced_) {
    MPOP_TRY(SyncDir(DirName(lock_.data_path()), *fs_));
    journal_dir_unsynced_ = false;
  }
  return {};
}

void Store::FinalList::Add(std::string_view uid, std::int64_t first_seen) {
  if (std::optional<std::size_t> index = stored_->IndexOf(uid, cursor_)) {
    if (!kept_[*index]) ++kept_count_;
    kept_[*index] = true;
  } else {
    added_.emplace(uid, first_seen);
  }
}

Status Store::Commit(UidMap final_uids) {
  for (const auto& entry : final_uids) MPOP_TRY(CheckUid(entry.first));
  list().uids = std::move(final_uids);
  return WriteIfChanged();
}

Status Store::Commit(FinalList final_list) {
  for (const auto& entry : final_list.added_) MPOP_TRY(CheckUid(entry.first));
  UidMap& uids = list().uids;
  const bool unchanged =
      final_list.added_.empty() && final_list.kept_count_ == final_list.kept_.size();
  if (!unchanged) {
    uids.Retain(final_list.kept_);
    for (const auto& [uid, first_seen] : final_list.added_) uids.emplace(uid, first_seen);
  }
  return WriteIfChanged(unchanged);
}

Status Store::WriteIfChanged(bool list_unchanged) {
  // Nothing changed (no record, no journal to fold in, the same list): the file on disk
  // already says it all, so no rewrite and no fsync for a run that found nothing new. A
  // list known unchanged in a file written as we write it needs no formatting to tell.
  if (!journal_ && !journal_found_ && on_disk_ &&
      ((list_unchanged && on_disk_canonical_) || FormatsAs(data_, on_disk_->view()))) {
    return {};
  }
  const std::string& path = lock_.data_path();
  std::string temp_path;
  // Written in pieces: the old text (which the lists point into) and a new one of the same
  // size would otherwise be in memory at once.
  Result<UniqueFd> temp = WriteTempFile(
      path,
      [&](int fd, const std::string& name) {
        Status written;
        FormatUidlsInPieces(data_, [&](std::string_view piece) {
          written = WriteAll(fd, piece, name, *fs_);
          return written.has_value();
        });
        return written;
      },
      &temp_path, *fs_);
  if (!temp) return std::move(temp).error();
  if (Status installed = lock_.InstallDataFile(std::move(*temp), temp_path, *fs_); !installed) {
    fs_->UnlinkAt(AT_FDCWD, temp_path.c_str());
    return installed;
  }
  MPOP_TRY(SyncDir(DirName(path), *fs_));
  on_disk_.reset();  // its text is on disk only: a later Commit() writes again
  on_disk_canonical_ = false;
  journal_found_ = false;
  // The file now holds everything the journal said; the journal may go. A crash before
  // this point leaves it behind, and merging it again next time changes nothing.
  journal_.Reset();
  unwritten_records_.clear();
  journal_unsynced_ = false;
  journal_dir_unsynced_ = false;
  journal_error_.reset();
  recovered_.clear();
  return RewriteJournal();
}

Status Store::RewriteJournal() {
  std::string path = journal_path();
  if (foreign_tokens_.empty()) {
    if (fs_->UnlinkAt(AT_FDCWD, path.c_str()) != 0 && errno != ENOENT) {
      return Error::IoErr(TrFormat("cannot remove {}: {}", path, ErrnoText(errno)));
    }
    return {};
  }
  std::string text;
  for (const JournalRecord& record : foreign_tokens_) text += FormatJournalRecord(record);
  std::string temp_path;
  Result<UniqueFd> temp = WriteTempFile(path, text, &temp_path, *fs_);
  if (!temp) return std::move(temp).error();
  if (fs_->RenameAt(AT_FDCWD, temp_path.c_str(), AT_FDCWD, path.c_str()) != 0) {
    int err = errno;
    fs_->UnlinkAt(AT_FDCWD, temp_path.c_str());
    return Error::IoErr(TrFormat("cannot rename {} to {}: {}", temp_path, path, ErrnoText(err)));
  }
  return SyncDir(DirName(lock_.data_path()), *fs_);
}

}  // namespace mpop::uidls
