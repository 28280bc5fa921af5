#pragma once
// FaultyFileSystem: the real system calls, except that a test can make chosen calls fail
// with a chosen errno, cut writes short, and count calls. For reaching every error path
// of delivery and of the UIDLs store as root, where permission tricks (chmod 0500) do not fail.

#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstddef>
#include <string>

#include "util/file_system.hpp"

namespace mpop::testing {

enum class Call {
  kOpenAt,
  kWrite,
  kFsync,
  kClose,
  kLinkAt,
  kUnlinkAt,
  kStatAt,
  kSyncfs,
  kFdatasync,
  kTruncate,
  kRenameAt,
  kCount
};

class FaultyFileSystem final : public util::FileSystem {
 public:
  // The nth call of `call` from now on (1 = the next one) fails with `err`.
  void FailNth(Call call, int nth, int err) {
    Fault& fault = faults_[Index(call)];
    fault.at = counts_[Index(call)] + nth;
    fault.err = err;
    fault.always = false;
  }
  // Every call of `call` from now on fails with `err`.
  void FailAlways(Call call, int err) { faults_[Index(call)] = {0, err, true}; }
  // Every write() to a file whose path ends with `suffix` fails with `err` (the path is
  // read from /proc/self/fd, so the fault follows the file, not the call count).
  void FailWritesTo(std::string suffix, int err) {
    write_suffix_ = std::move(suffix);
    write_suffix_err_ = err;
  }
  // Each write() passes at most this many bytes (0: no limit).
  void LimitWrites(std::size_t max) { max_write_ = max; }
  int count(Call call) const { return counts_[Index(call)]; }

  int OpenAt(int dir_fd, const char* name, int flags, unsigned mode) const override {
    if (Fails(Call::kOpenAt)) return -1;
    return real_.OpenAt(dir_fd, name, flags, mode);
  }
  long Write(int fd, const char* data, std::size_t size) const override {
    if (Fails(Call::kWrite)) return -1;
    if (!write_suffix_.empty() && PathOf(fd).ends_with(write_suffix_)) {
      errno = write_suffix_err_;
      return -1;
    }
    if (max_write_ != 0 && size > max_write_) size = max_write_;
    return real_.Write(fd, data, size);
  }
  int Fsync(int fd) const override {
    if (Fails(Call::kFsync)) return -1;
    return real_.Fsync(fd);
  }
  int Syncfs(int fd) const override {
    if (Fails(Call::kSyncfs)) return -1;
    return real_.Syncfs(fd);
  }
  int Fdatasync(int fd) const override {
    if (Fails(Call::kFdatasync)) return -1;
    return real_.Fdatasync(fd);
  }
  int Truncate(int fd, long length) const override {
    if (Fails(Call::kTruncate)) return -1;
    return real_.Truncate(fd, length);
  }
  int RenameAt(int old_dir_fd, const char* old_name, int new_dir_fd,
               const char* new_name) const override {
    if (Fails(Call::kRenameAt)) return -1;
    return real_.RenameAt(old_dir_fd, old_name, new_dir_fd, new_name);
  }
  int Close(int fd) const override {
    // close() fails after releasing the descriptor on Linux; do the same.
    if (Fails(Call::kClose)) {
      int err = errno;
      real_.Close(fd);
      errno = err;
      return -1;
    }
    return real_.Close(fd);
  }
  int LinkAt(int old_dir_fd, const char* old_name, int new_dir_fd,
             const char* new_name) const override {
    if (Fails(Call::kLinkAt)) return -1;
    return real_.LinkAt(old_dir_fd, old_name, new_dir_fd, new_name);
  }
  int UnlinkAt(int dir_fd, const char* name) const override {
    if (Fails(Call::kUnlinkAt)) return -1;
    return real_.UnlinkAt(dir_fd, name);
  }
  int StatAt(int dir_fd, const char* name, util::FileId* id) const override {
    if (Fails(Call::kStatAt)) return -1;
    return real_.StatAt(dir_fd, name, id);
  }

 private:
  struct Fault {
    int at = 0;  // call number that fails, counting from 1; 0 = none
    int err = 0;
    bool always = false;
  };

  static std::size_t Index(Call call) { return static_cast<std::size_t>(call); }

  static std::string PathOf(int fd) {
    char buffer[4096];
    std::string link = "/proc/self/fd/" + std::to_string(fd);
    ssize_t n = ::readlink(link.c_str(), buffer, sizeof buffer);
    return n < 0 ? std::string() : std::string(buffer, static_cast<std::size_t>(n));
  }

  bool Fails(Call call) const {
    int n = ++counts_[Index(call)];
    const Fault& fault = faults_[Index(call)];
    if (!fault.always && fault.at != n) return false;
    errno = fault.err;
    return true;
  }

  const util::FileSystem& real_ = util::PosixFileSystem();
  mutable std::array<int, static_cast<std::size_t>(Call::kCount)> counts_{};
  std::array<Fault, static_cast<std::size_t>(Call::kCount)> faults_{};
  std::size_t max_write_ = 0;
  std::string write_suffix_;
  int write_suffix_err_ = 0;
};

}  // namespace mpop::testing
