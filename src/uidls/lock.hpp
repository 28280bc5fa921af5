#pragma once
// Exclusive access to a UIDLs file, without upstream's race (doc/COMPAT.md 2.3 BUG:
// upstream locks the data file, which a finishing writer then replaces by rename, so a
// waiter ends up holding a lock on a dead inode).
//
// FileLock takes two write locks, in this order:
//  1. "<data file>.lock", a file that is never replaced or removed. All instances of this
//     program serialise on it, so they never see a stale inode.
//  2. The data file itself, as upstream mpop locks it, so that we also exclude an upstream
//     mpop working on the same file. After locking, the path must still name the locked
//     inode; if a rename replaced it meanwhile, the file is reopened and locked again.
// A missing data file is created empty (mode 0600), so a first run is locked like any other;
// missing parent directories are created with mode 0700.
//
// The locks are Linux open-file-description locks (F_OFD_SETLK): they conflict with
// upstream's classic fcntl() locks, are not dropped when some other descriptor of the same
// file is closed, and also exclude two FileLocks inside one process. Each lock is polled
// (non-blocking attempt, then a pause) until a deadline, as upstream does.
//
// Errors: kIoErr. "cannot lock FILE (tried for 10 seconds)" when busy past the timeout
// (FILE is the data file's path; upstream's wording), "cannot create directory D: ...",
// "cannot open F: ...", "cannot lock F: ..." for system errors.

#include <chrono>
#include <functional>
#include <string>

#include "util/file_system.hpp"
#include "util/result.hpp"
#include "util/unique_fd.hpp"

namespace mpop::uidls {

struct LockOptions {
  // How long to keep trying both locks together (upstream: 10 s).
  std::chrono::milliseconds timeout{10000};
  // Pause between attempts while a lock is held by someone else (upstream: 0.1 s).
  std::chrono::milliseconds poll_interval{100};
  // Called after every attempt that found a lock busy, before the pause. A test seam: tests
  // use it to release or replace files at a known moment. May be empty.
  std::function<void()> on_busy;
};

class FileLock {
 public:
  static Result<FileLock> Acquire(std::string data_path, LockOptions options = {});

  FileLock(FileLock&&) = default;
  FileLock& operator=(FileLock&&) = default;
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

  const std::string& data_path() const { return data_path_; }
  // The locked data file, open read-write. Read it with pread (ReadAll): never open and
  // close the path separately while holding the lock.
  int data_fd() const { return data_fd_.get(); }

  // Puts a new version of the data file in place: locks `new_data` (open on the file at
  // `temp_path`, in the same directory), renames temp_path over data_path(), and only then
  // closes the old file, releasing its lock. So the path always names a locked file, and a
  // process that opens it after the rename waits for us. The caller syncs the directory.
  Status InstallDataFile(UniqueFd new_data, const std::string& temp_path,
                         const util::FileSystem& fs = util::PosixFileSystem());

 private:
  FileLock(std::string data_path, UniqueFd lock_fd, UniqueFd data_fd)
      : data_path_(std::move(data_path)),
        lock_fd_(std::move(lock_fd)),
        data_fd_(std::move(data_fd)) {}

  std::string data_path_;
  UniqueFd lock_fd_;
  UniqueFd data_fd_;
};

}  // namespace mpop::uidls
