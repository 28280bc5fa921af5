#include "uidls/lock.hpp"

#include <errno.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <thread>
#include <utility>

#include "uidls/durable_io.hpp"
#include "util/i18n.hpp"

namespace mpop::uidls {
namespace {

using Clock = std::chrono::steady_clock;

enum class Attempt { kLocked, kBusy };

#ifdef F_OFD_SETLK
constexpr int kSetLock = F_OFD_SETLK;
#else
constexpr int kSetLock = F_SETLK;  // per-process locks: still exclude other processes
#endif

Result<Attempt> TryLock(int fd, std::string_view name) {
  struct flock lock = {};
  lock.l_type = F_WRLCK;
  lock.l_whence = SEEK_SET;  // l_start = l_len = 0: the whole file, however it grows
  while (::fcntl(fd, kSetLock, &lock) != 0) {
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EACCES) return Attempt::kBusy;
    return Error::IoErr(TrFormat("cannot lock {}: {}", name, ErrnoText(errno)));
  }
  return Attempt::kLocked;
}

Result<UniqueFd> OpenForLocking(const std::string& path) {
  UniqueFd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600));
  if (!fd) return Error::IoErr(TrFormat("cannot open {}: {}", path, ErrnoText(errno)));
  return fd;
}

// Whether `path` still names the file open as `fd`.
bool StillNamed(int fd, const std::string& path) {
  struct stat open_file, named_file;
  if (::fstat(fd, &open_file) != 0 || ::stat(path.c_str(), &named_file) != 0) return false;
  return open_file.st_dev == named_file.st_dev && open_file.st_ino == named_file.st_ino;
}

class Locker {
 public:
  Locker(const std::string& data_path, const LockOptions& options)
      : data_path_(data_path), options_(options), deadline_(Clock::now() + options.timeout) {}

  // Polls until `fd` is locked or the deadline has passed.
  Status Lock(int fd, std::string_view name) {
    while (true) {
      Result<Attempt> attempt = TryLock(fd, name);
      if (!attempt) return std::move(attempt).error();
      if (*attempt == Attempt::kLocked) return {};
      if (options_.on_busy) options_.on_busy();
      if (Clock::now() >= deadline_) return TimedOut();
      std::this_thread::sleep_for(options_.poll_interval);
    }
  }

  Error TimedOut() const {
    double seconds = std::chrono::duration<double>(options_.timeout).count();
    return Error::IoErr(TrFormat("cannot lock {} (tried for {:g} seconds)", data_path_, seconds));
  }

  bool Expired() const { return Clock::now() >= deadline_; }

 private:
  const std::string& data_path_;
  const LockOptions& options_;
  Clock::time_point deadline_;
};

}  // namespace

Result<FileLock> FileLock::Acquire(std::string data_path, LockOptions options) {
  MPOP_TRY(MakeParentDirs(data_path));
  Locker locker(data_path, options);
  std::string lock_path = data_path + ".lock";
  Result<UniqueFd> lock_fd = OpenForLocking(lock_path);
  if (!lock_fd) return std::move(lock_fd).error();
  MPOP_TRY(locker.Lock(lock_fd->get(), lock_path));
  while (true) {
    Result<UniqueFd> data_fd = OpenForLocking(data_path);
    if (!data_fd) return std::move(data_fd).error();
    MPOP_TRY(locker.Lock(data_fd->get(), data_path));
    // Upstream mpop replaces the file by rename while holding its lock; if that happened
    // between our open() and our lock, we hold a lock on a file nobody will read again.
    if (StillNamed(data_fd->get(), data_path)) {
      return FileLock(std::move(data_path), std::move(*lock_fd), std::move(*data_fd));
    }
    if (locker.Expired()) return locker.TimedOut();
  }
}

Status FileLock::InstallDataFile(UniqueFd new_data, const std::string& temp_path,
                                 const util::FileSystem& fs) {
  Result<Attempt> attempt = TryLock(new_data.get(), temp_path);
  if (!attempt) return std::move(attempt).error();
  if (*attempt != Attempt::kLocked) {
    return Error::IoErr(TrFormat("cannot lock {}: locked by another process", temp_path));
  }
  if (fs.RenameAt(AT_FDCWD, temp_path.c_str(), AT_FDCWD, data_path_.c_str()) != 0) {
    return Error::IoErr(
        TrFormat("cannot rename {} to {}: {}", temp_path, data_path_, ErrnoText(errno)));
  }
  data_fd_ = std::move(new_data);
  return {};
}

}  // namespace mpop::uidls
