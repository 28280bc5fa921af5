#include "util/file_system.hpp"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

namespace mpop::util {

int FileSystem::Fdatasync(int fd) const { return ::fdatasync(fd); }

int FileSystem::Truncate(int fd, long length) const {
  return ::ftruncate(fd, static_cast<off_t>(length));
}

int FileSystem::RenameAt(int old_dir_fd, const char* old_name, int new_dir_fd,
                         const char* new_name) const {
  return ::renameat(old_dir_fd, old_name, new_dir_fd, new_name);
}

int FileSystem::Syncfs(int fd) const { return ::syncfs(fd); }

void FileSystem::StartWriteback(int fd) const {
  ::sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
}

namespace {

class Posix final : public FileSystem {
 public:
  int OpenAt(int dir_fd, const char* name, int flags, unsigned mode) const override {
    return ::openat(dir_fd, name, flags, static_cast<mode_t>(mode));
  }
  long Write(int fd, const char* data, std::size_t size) const override {
    return ::write(fd, data, size);
  }
  int Fsync(int fd) const override { return ::fsync(fd); }
  int Close(int fd) const override { return ::close(fd); }
  int LinkAt(int old_dir_fd, const char* old_name, int new_dir_fd,
             const char* new_name) const override {
    return ::linkat(old_dir_fd, old_name, new_dir_fd, new_name, 0);
  }
  int UnlinkAt(int dir_fd, const char* name) const override { return ::unlinkat(dir_fd, name, 0); }
  int StatAt(int dir_fd, const char* name, FileId* id) const override {
    struct stat st;
    if (::fstatat(dir_fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) return -1;
    *id = {static_cast<std::uint64_t>(st.st_dev), static_cast<std::uint64_t>(st.st_ino),
           static_cast<std::uint64_t>(st.st_nlink)};
    return 0;
  }
};

}  // namespace

const FileSystem& PosixFileSystem() {
  static const Posix kPosix;
  return kPosix;
}

}  // namespace mpop::util
