#include "uidls/lock.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>

#include "support/temp_dir.hpp"
#include "uidls/durable_io.hpp"

namespace mpop::uidls {
namespace {

using mpop::testing::ReadFile;
using mpop::testing::ScopedTempDir;
using mpop::testing::WriteFile;
using std::chrono::milliseconds;

LockOptions Short() { return LockOptions{milliseconds(200), milliseconds(5), {}}; }

ino_t InodeOf(int fd) {
  struct stat st;
  EXPECT_EQ(::fstat(fd, &st), 0);
  return st.st_ino;
}

ino_t InodeOf(const std::string& path) {
  struct stat st;
  EXPECT_EQ(::stat(path.c_str(), &st), 0);
  return st.st_ino;
}

// A pipe for one-byte signals between a parent and its forked child.
struct Pipe {
  Pipe() { EXPECT_EQ(::pipe(fds), 0); }
  ~Pipe() {
    ::close(fds[0]);
    ::close(fds[1]);
  }
  void Signal() { EXPECT_EQ(::write(fds[1], "x", 1), 1); }
  void Wait() {
    char c;
    EXPECT_EQ(::read(fds[0], &c, 1), 1);
  }
  int fds[2];
};

int WaitForExit(pid_t pid) {
  int status = 0;
  EXPECT_EQ(::waitpid(pid, &status, 0), pid);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(FileLockTest, CreatesDirectoriesAndFiles) {
  ScopedTempDir dir;
  std::string path = dir.File("a/b/joe_at_host");
  ::umask(022);
  Result<FileLock> lock = FileLock::Acquire(path, Short());
  ASSERT_TRUE(lock) << lock.error().message;
  for (const char* sub : {"a", "a/b"}) {
    struct stat st;
    ASSERT_EQ(::stat(dir.File(sub).c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 0700u) << sub;
  }
  struct stat st;
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_size, 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(::access((path + ".lock").c_str(), F_OK), 0);
  EXPECT_EQ(InodeOf(lock->data_fd()), InodeOf(path));
}

TEST(FileLockTest, DirectoryCreationFailureIsIoErr) {
  ScopedTempDir dir;
  WriteFile(dir.File("file"), "");
  Result<FileLock> lock = FileLock::Acquire(dir.File("file/sub/uidls"), Short());
  ASSERT_FALSE(lock);
  EXPECT_EQ(lock.error(),
            Error::IoErr("cannot create directory " + dir.File("file/sub") + ": Not a directory"));
}

TEST(FileLockTest, SecondLockInTheSameProcessTimesOut) {
  ScopedTempDir dir;
  std::string path = dir.File("uidls");
  Result<FileLock> first = FileLock::Acquire(path, Short());
  ASSERT_TRUE(first);
  int busy = 0;
  LockOptions options = Short();
  options.on_busy = [&busy] { ++busy; };
  Result<FileLock> second = FileLock::Acquire(path, options);
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error(), Error::IoErr("cannot lock " + path + " (tried for 0.2 seconds)"));
  EXPECT_GE(busy, 2);
}

TEST(FileLockTest, WaitsUntilTheHolderLetsGo) {
  ScopedTempDir dir;
  std::string path = dir.File("uidls");
  Result<FileLock> first = FileLock::Acquire(path, Short());
  ASSERT_TRUE(first);
  LockOptions options;
  options.timeout = milliseconds(10000);
  int busy = 0;
  options.on_busy = [&] {
    if (++busy == 1) first = Error::Software("released");  // the next attempt succeeds
  };
  Result<FileLock> second = FileLock::Acquire(path, options);
  EXPECT_TRUE(second);
  EXPECT_EQ(busy, 1);
}

TEST(FileLockTest, ExcludesAnotherProcessBothWays) {
  ScopedTempDir dir;
  std::string path = dir.File("uidls");
  Pipe locked, release;
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    Result<FileLock> lock = FileLock::Acquire(path, Short());
    if (!lock) ::_exit(1);
    locked.Signal();
    release.Wait();
    ::_exit(0);
  }
  locked.Wait();
  Result<FileLock> blocked = FileLock::Acquire(path, Short());
  ASSERT_FALSE(blocked);
  EXPECT_EQ(blocked.error(), Error::IoErr("cannot lock " + path + " (tried for 0.2 seconds)"));
  release.Signal();
  EXPECT_EQ(WaitForExit(child), 0);
  Result<FileLock> mine = FileLock::Acquire(path, Short());
  ASSERT_TRUE(mine) << mine.error().message;

  child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    Result<FileLock> lock = FileLock::Acquire(path, Short());
    ::_exit(!lock && lock.error().message == "cannot lock " + path + " (tried for 0.2 seconds)"
                ? 3
                : 4);
  }
  EXPECT_EQ(WaitForExit(child), 3);
}

TEST(FileLockTest, RespectsUpstreamsLockOnTheDataFile) {
  ScopedTempDir dir;
  std::string path = dir.File("uidls");
  WriteFile(path, "");
  Pipe locked, release;
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // What upstream mpop does: a classic process-owned fcntl lock on the data file.
    int fd = ::open(path.c_str(), O_RDWR);
    struct flock fl = {};
    fl.l_type = F_WRLCK;
    fl.l_whence = SEEK_SET;
    if (fd < 0 || ::fcntl(fd, F_SETLK, &fl) != 0) ::_exit(1);
    locked.Signal();
    release.Wait();
    ::_exit(0);
  }
  locked.Wait();
  Result<FileLock> blocked = FileLock::Acquire(path, Short());
  ASSERT_FALSE(blocked);
  EXPECT_EQ(blocked.error(), Error::IoErr("cannot lock " + path + " (tried for 0.2 seconds)"));
  release.Signal();
  EXPECT_EQ(WaitForExit(child), 0);
  EXPECT_TRUE(FileLock::Acquire(path, Short()));
}

TEST(FileLockTest, FollowsAFileReplacedWhileWaiting) {
  ScopedTempDir dir;
  std::string path = dir.File("uidls");
  WriteFile(path, "old\n");
  // Someone else (upstream mpop) holds the data file's lock ...
  UniqueFd holder(::open(path.c_str(), O_RDWR));
  struct flock fl = {};
  fl.l_type = F_WRLCK;
  fl.l_whence = SEEK_SET;
  ASSERT_EQ(::fcntl(holder.get(), F_OFD_SETLK, &fl), 0);
  // ... and, while we wait for it, renames its new version over the file and unlocks.
  int busy = 0;
  LockOptions options = Short();
  options.on_busy = [&] {
    if (++busy == 1) {
      WriteFile(path + ".new", "new\n");
      ASSERT_EQ(::rename((path + ".new").c_str(), path.c_str()), 0);
      holder.Reset();
    }
  };
  Result<FileLock> lock = FileLock::Acquire(path, options);
  ASSERT_TRUE(lock) << lock.error().message;
  EXPECT_EQ(busy, 1);
  EXPECT_EQ(InodeOf(lock->data_fd()), InodeOf(path));
  Result<std::string> text = ReadAll(lock->data_fd(), path);
  ASSERT_TRUE(text);
  EXPECT_EQ(*text, "new\n");
}

TEST(FileLockTest, InstalledFileIsLockedAndTheOldOneReleased) {
  ScopedTempDir dir;
  std::string path = dir.File("uidls");
  Result<FileLock> lock = FileLock::Acquire(path, Short());
  ASSERT_TRUE(lock);
  UniqueFd old_file(::open(path.c_str(), O_RDWR));
  std::string temp_path;
  Result<UniqueFd> temp = WriteTempFile(path, "v2\n", &temp_path);
  ASSERT_TRUE(temp);
  ASSERT_TRUE(lock->InstallDataFile(std::move(*temp), temp_path));
  EXPECT_EQ(ReadFile(path), "v2\n");
  EXPECT_EQ(::access(temp_path.c_str(), F_OK), -1);
  EXPECT_EQ(InodeOf(lock->data_fd()), InodeOf(path));

  struct flock fl = {};
  fl.l_type = F_WRLCK;
  fl.l_whence = SEEK_SET;
  EXPECT_EQ(::fcntl(old_file.get(), F_OFD_SETLK, &fl), 0) << "old file still locked";
  UniqueFd new_file(::open(path.c_str(), O_RDWR));
  EXPECT_EQ(::fcntl(new_file.get(), F_OFD_SETLK, &fl), -1) << "new file not locked";
}

}  // namespace
}  // namespace mpop::uidls
