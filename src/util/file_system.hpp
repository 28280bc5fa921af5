#pragma once
// FileSystem: the one seam for the system calls that make files durable, used by delivery
// (maildir, mbox, Exchange) and by the UIDLs store and its journal, behind an interface so
// tests can inject faults (ENOSPC on write, EIO on fsync, a rename that fails, a file system
// that refuses hard links) into every error path, as leveldb's Env and its ErrorEnv do.
// Each call mirrors its POSIX namesake: -1 and errno on failure. Directory-relative (*at)
// calls only (AT_FDCWD for a path): nothing here changes the working directory (doc/COMPAT.md
// 10: upstream's chdir is a BUG). Descriptors it returns are wrapped in a UniqueFd at once.

#include <cstddef>
#include <cstdint>

namespace mpop::util {

// Identity and link count of a file, from fstatat().
struct FileId {
  std::uint64_t device = 0;
  std::uint64_t inode = 0;
  std::uint64_t links = 0;
  bool SameFile(const FileId& other) const {
    return device == other.device && inode == other.inode;
  }
};

class FileSystem {
 public:
  virtual ~FileSystem() = default;

  virtual int OpenAt(int dir_fd, const char* name, int flags, unsigned mode) const = 0;
  virtual long Write(int fd, const char* data, std::size_t size) const = 0;
  virtual int Fsync(int fd) const = 0;
  // fdatasync(): enough for an append-only file, whose size it also writes.
  virtual int Fdatasync(int fd) const;
  virtual int Truncate(int fd, long length) const;
  virtual int RenameAt(int old_dir_fd, const char* old_name, int new_dir_fd,
                       const char* new_name) const;
  // syncfs(): makes everything written to the file system of `fd` durable with one call.
  // Group commit uses it instead of one fsync per file (a fsync costs a journal commit
  // each: about 6 ms on the test machine, against one for the whole batch).
  virtual int Syncfs(int fd) const;
  // Starts writing the file's dirty pages to disk without waiting (sync_file_range with
  // SYNC_FILE_RANGE_WRITE), so a later sync finds less to do: the disk works while the
  // next data arrives from the network. Only a hint; failures are ignored.
  virtual void StartWriteback(int fd) const;
  virtual int Close(int fd) const = 0;
  virtual int LinkAt(int old_dir_fd, const char* old_name, int new_dir_fd,
                     const char* new_name) const = 0;
  virtual int UnlinkAt(int dir_fd, const char* name) const = 0;
  // fstatat() without following a final symlink.
  virtual int StatAt(int dir_fd, const char* name, FileId* id) const = 0;
};

// The real system calls. Stateless; lives for the whole process.
const FileSystem& PosixFileSystem();

}  // namespace mpop::util
