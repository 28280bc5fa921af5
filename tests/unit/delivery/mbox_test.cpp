#include "delivery/mbox.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <vector>

#include "support/faulty_file_system.hpp"
#include "support/temp_dir.hpp"

namespace mpop::delivery {
namespace {

using ::mpop::testing::Call;
using ::mpop::testing::FaultyFileSystem;
using ::mpop::testing::ReadFile;
using ::mpop::testing::ScopedTempDir;
using ::mpop::testing::WriteFile;

// Fri Jul 31 20:51:30 2026 UTC.
constexpr std::int64_t kTime = 1785531090;
constexpr char kFromLine[] = "From joe@example.org Fri Jul 31 20:51:30 2026\n";

std::chrono::system_clock::time_point FixedTime() {
  return std::chrono::system_clock::time_point(std::chrono::seconds(kTime));
}

std::string Quoted(std::string_view in, std::size_t step) {
  MboxrdQuoter quoter;
  std::string out;
  for (std::size_t i = 0; i < in.size(); i += step) quoter.Quote(in.substr(i, step), out);
  quoter.Flush(out);
  return out;
}

TEST(MboxrdQuoterTest, QuotesEveryFromLineInTrickles) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"From here\n", ">From here\n"},
      {">From here\n", ">>From here\n"},
      {">>>From x\n", ">>>>From x\n"},
      {"From\n", "From\n"},  // no space: not a From line
      {"From: joe\n", "From: joe\n"},
      {" From x\n", " From x\n"},
      {"from x\n", "from x\n"},
      {">>Fro\n>>\n>\nFrom", ">>Fro\n>>\n>\nFrom"},
      {"a From b\nFrom c\n\nFrom \n", "a From b\n>From c\n\n>From \n"},
      {"", ""},
      {"\n\n", "\n\n"},
      {"FroFrom x\n", "FroFrom x\n"},
      {">>>>", ">>>>"},
      {"From x", ">From x"},  // a last line without newline
      {"x\n>From", "x\n>From"},
  };
  for (const auto& [in, out] : cases) {
    for (std::size_t step : {1, 2, 3, 4, 5, 1000}) {
      EXPECT_EQ(Quoted(in, step), out) << "input: " << in << " step " << step;
    }
  }
}

TEST(MboxrdQuoterTest, LongRunOfQuotesAcrossChunks) {
  std::string in = std::string(100000, '>') + "From x\n" + std::string(100000, '>') + "Frox\n";
  std::string out = ">" + in;
  EXPECT_EQ(Quoted(in, 4096), out);
  EXPECT_EQ(Quoted(in, 7), out);
}

TEST(FormatMboxFromLineTest, AsctimeLayoutInUtc) {
  EXPECT_EQ(FormatMboxFromLine("joe@example.org", FixedTime()), kFromLine);
  // Single-digit days are padded with a space, as asctime() does.
  EXPECT_EQ(FormatMboxFromLine("MAILER-DAEMON",
                               std::chrono::system_clock::time_point(std::chrono::seconds(0))),
            "From MAILER-DAEMON Thu Jan  1 00:00:00 1970\n");
}

class MboxTest : public ::testing::Test {
 protected:
  MboxOptions Options() {
    MboxOptions options;
    options.clock = FixedTime;
    options.file_system = &faulty_;
    options.lock_timeout = std::chrono::milliseconds(300);
    options.lock_poll_interval = std::chrono::milliseconds(10);
    options.temp_dir = dir_.path().string();
    return options;
  }

  std::unique_ptr<Delivery> Open(MboxOptions options) {
    auto delivery = OpenMbox(path_, std::move(options));
    EXPECT_TRUE(delivery) << delivery.error().message;
    return delivery ? std::move(*delivery) : nullptr;
  }

  // Delivers `mail` in chunks of `step` bytes.
  Result<std::string> Deliver(Delivery& delivery, std::string_view mail, std::size_t step,
                              std::optional<std::string> sender = std::nullopt) {
    auto writer = delivery.Begin({.uid = "u", .envelope_sender = sender, .server_size = 0});
    if (!writer) return std::move(writer).error();
    for (std::size_t i = 0; i < mail.size(); i += step) {
      Status written = (*writer)->Write(mail.substr(i, step));
      if (!written) return std::move(written).error();
    }
    return (*writer)->Finish();
  }

  ScopedTempDir dir_;
  std::string path_ = dir_.File("mbox");
  FaultyFileSystem faulty_;
};

TEST_F(MboxTest, WritesFromLineQuotedMailAndEmptyLine) {
  const std::string mail =
      "Return-Path: <joe@example.org>\nSubject: hi\n>From header?\n\nFrom the body\n"
      ">From quoted\n.\n..\nlast line\n";
  const std::string expected = std::string(kFromLine) +
                               "Return-Path: <joe@example.org>\nSubject: hi\n>>From header?\n\n"
                               ">From the body\n>>From quoted\n.\n..\nlast line\n\n";
  for (std::size_t step : {1, 2, 3, 1000}) {
    std::filesystem::remove(path_);
    auto delivery = Open(Options());
    auto token = Deliver(*delivery, mail, step);
    ASSERT_TRUE(token) << token.error().message;
    EXPECT_EQ(*token, "");
    EXPECT_EQ(ReadFile(path_), expected) << "step " << step;
  }
  struct stat st;
  ASSERT_EQ(stat(path_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST_F(MboxTest, AppendsToExistingFileAndAddsMissingNewline) {
  WriteFile(path_, "existing\n\n");
  auto delivery = Open(Options());
  ASSERT_TRUE(Deliver(*delivery, "Subject: a\n\nno newline", 5));
  ASSERT_TRUE(Deliver(*delivery, "Subject: b\n\nbody\n", 5, "given@example.org"));
  ASSERT_TRUE(Deliver(*delivery, "", 1));
  EXPECT_EQ(ReadFile(path_),
            "existing\n\n"
            "From MAILER-DAEMON Fri Jul 31 20:51:30 2026\nSubject: a\n\nno newline\n\n"
            "From given@example.org Fri Jul 31 20:51:30 2026\nSubject: b\n\nbody\n\n"
            "From MAILER-DAEMON Fri Jul 31 20:51:30 2026\n\n");
  // Sync, Publish and Recover have nothing to do.
  EXPECT_TRUE(delivery->Sync());
  std::vector<std::string> tokens = {""};
  EXPECT_TRUE(delivery->Publish(tokens));
  EXPECT_TRUE(delivery->Recover(""));
}

TEST_F(MboxTest, GivenSenderIsSanitized) {
  auto delivery = Open(Options());
  ASSERT_TRUE(Deliver(*delivery, "A: b\n\nc\n", 100, "-x $(id)@y"));
  EXPECT_EQ(ReadFile(path_), "From _x-__id_@y Fri Jul 31 20:51:30 2026\nA: b\n\nc\n\n");
}

TEST_F(MboxTest, FailedWriteTruncatesBackToTheSizeBeforeTheMail) {
  MboxOptions options = Options();
  options.buffer_size = 16;  // many writes
  auto delivery = Open(std::move(options));
  ASSERT_TRUE(Deliver(*delivery, "Subject: first\n\nbody\n", 4));
  const std::string before = ReadFile(path_);
  const std::string big = "Subject: second\n\n" + std::string(1000, 'x') + "\n";
  for (int nth = 1; nth <= 5; ++nth) {
    faulty_.FailNth(Call::kWrite, nth, ENOSPC);
    auto token = Deliver(*delivery, big, 10);
    ASSERT_FALSE(token);
    EXPECT_EQ(token.error().code, ExitCode::kIoErr);
    EXPECT_EQ(token.error().message,
              "cannot write to mbox file " + path_ + ": No space left on device");
    EXPECT_EQ(ReadFile(path_), before) << "write " << nth;
  }
  // The next mail goes right after the first one.
  ASSERT_TRUE(Deliver(*delivery, "Subject: third\n\n", 4));
  EXPECT_EQ(ReadFile(path_),
            before + "From MAILER-DAEMON Fri Jul 31 20:51:30 2026\nSubject: third\n\n\n");
}

TEST_F(MboxTest, FailedSyncTruncatesBack) {
  auto delivery = Open(Options());
  faulty_.FailNth(Call::kFsync, 1, EIO);
  auto token = Deliver(*delivery, "Return-Path: <joe@example.org>\n\nbody\n", 3);
  ASSERT_FALSE(token);
  EXPECT_EQ(token.error().message, "cannot sync mbox file " + path_ + ": Input/output error");
  EXPECT_EQ(ReadFile(path_), "");
}

TEST_F(MboxTest, AbortAndDroppedWriterTruncateBack) {
  auto delivery = Open(Options());
  ASSERT_TRUE(Deliver(*delivery, "A: 1\n\n", 100));
  const std::string before = ReadFile(path_);
  {
    auto writer = delivery->Begin({.uid = "2", .envelope_sender = "x@y", .server_size = 0});
    ASSERT_TRUE(writer);
    // Past the buffer: part of the mail is in the file.
    ASSERT_TRUE((*writer)->Write(std::string(200000, 'a')));
    EXPECT_GT(ReadFile(path_).size(), before.size());
    (*writer)->Abort();
    EXPECT_EQ(ReadFile(path_), before);
    (*writer)->Abort();  // idempotent
  }
  {
    auto writer = delivery->Begin({.uid = "3", .envelope_sender = "x@y", .server_size = 0});
    ASSERT_TRUE(writer);
    ASSERT_TRUE((*writer)->Write(std::string(200000, 'b')));
  }  // dropped without Finish()
  EXPECT_EQ(ReadFile(path_), before);
}

TEST_F(MboxTest, OneWriterAtATime) {
  auto delivery = Open(Options());
  auto first = delivery->Begin({});
  ASSERT_TRUE(first);
  auto second = delivery->Begin({});
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, ExitCode::kSoftware);
  ASSERT_TRUE((*first)->Finish());
  EXPECT_TRUE(delivery->Begin({}));
}

TEST_F(MboxTest, WriterMayOutliveTheDelivery) {
  auto delivery = Open(Options());
  auto writer = delivery->Begin({.uid = "", .envelope_sender = "a@b", .server_size = 0});
  ASSERT_TRUE(writer);
  delivery.reset();
  ASSERT_TRUE((*writer)->Write("x\n"));
  ASSERT_TRUE((*writer)->Finish());
  EXPECT_EQ(ReadFile(path_), "From a@b Fri Jul 31 20:51:30 2026\nx\n\n");
}

TEST_F(MboxTest, DevNullWorks) {
  auto delivery = OpenMbox("/dev/null");
  ASSERT_TRUE(delivery) << delivery.error().message;
  auto token = Deliver(**delivery, "A: b\n\nc\n", 3);
  EXPECT_TRUE(token) << token.error().message;
}

TEST_F(MboxTest, OpenErrors) {
  auto missing = OpenMbox(dir_.File("no/such/mbox"));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ExitCode::kIoErr);
  EXPECT_EQ(missing.error().message,
            "cannot open mbox file " + dir_.File("no/such/mbox") + ": No such file or directory");
}

// Holds an fcntl() write lock on a file in a child process until told to let go.
class LockHolder {
 public:
  explicit LockHolder(const std::string& path) {
    int ready[2], release[2];
    EXPECT_EQ(pipe(ready), 0);
    EXPECT_EQ(pipe(release), 0);
    pid_ = fork();
    if (pid_ == 0) {
      close(ready[0]);
      close(release[1]);  // else the read below never sees EOF
      int fd = open(path.c_str(), O_WRONLY | O_CREAT, 0600);
      struct flock lock = {};
      lock.l_type = F_WRLCK;
      lock.l_whence = SEEK_SET;
      char c = fcntl(fd, F_SETLK, &lock) == 0 ? 'y' : 'n';
      (void)!write(ready[1], &c, 1);
      (void)!read(release[0], &c, 1);
      _exit(0);
    }
    close(ready[1]);
    close(release[0]);
    char c = 0;
    EXPECT_EQ(read(ready[0], &c, 1), 1);
    EXPECT_EQ(c, 'y');
    close(ready[0]);
    release_ = release[1];
  }
  ~LockHolder() { Release(); }

  void Release() {
    if (pid_ <= 0) return;
    close(release_);
    int status;
    waitpid(pid_, &status, 0);
    pid_ = -1;
  }

 private:
  pid_t pid_ = -1;
  int release_ = -1;
};

TEST_F(MboxTest, LockedByAnotherProcessWaitsThenFailsCleanly) {
  WriteFile(path_, "old\n");
  LockHolder holder(path_);
  auto delivery = Open(Options());  // the lock is taken per mail, not at the start
  ASSERT_NE(delivery, nullptr);
  const auto start = std::chrono::steady_clock::now();
  auto writer = delivery->Begin({.uid = "u", .envelope_sender = "s@x", .server_size = 0});
  const auto waited = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(writer);
  EXPECT_EQ(writer.error().code, ExitCode::kIoErr);
  EXPECT_EQ(writer.error().message, "cannot lock mbox file " + path_ +
                                        ": locked by another process; gave up after 0.3 seconds");
  EXPECT_GE(waited, std::chrono::milliseconds(300));
  EXPECT_EQ(ReadFile(path_), "old\n");
  holder.Release();
  ASSERT_TRUE(Deliver(*delivery, "A: b\n\n", 1, "s@x"));
  EXPECT_EQ(ReadFile(path_), "old\nFrom s@x Fri Jul 31 20:51:30 2026\nA: b\n\n\n");
}

// Whether another process could take an fcntl() write lock on the mbox now.
bool OthersCanLock(const std::string& path) {
  pid_t child = fork();
  if (child == 0) {
    int fd = open(path.c_str(), O_WRONLY);
    struct flock lock = {};
    lock.l_type = F_WRLCK;
    lock.l_whence = SEEK_SET;
    _exit(fcntl(fd, F_SETLK, &lock) == 0 ? 0 : 1);
  }
  int status = 0;
  waitpid(child, &status, 0);
  return WEXITSTATUS(status) == 0;
}

TEST_F(MboxTest, OurLockKeepsOthersOutWhileAMailIsWritten) {
  auto delivery = Open(Options());
  EXPECT_TRUE(OthersCanLock(path_));
  auto writer = delivery->Begin({.uid = "u", .envelope_sender = "s@x", .server_size = 0});
  ASSERT_TRUE(writer);
  EXPECT_FALSE(OthersCanLock(path_));
  ASSERT_TRUE((*writer)->Write("A: b\n\nbody\n"));
  ASSERT_TRUE((*writer)->Finish());
  EXPECT_TRUE(OthersCanLock(path_));  // free between mails
}

// Two accounts of one process into one mbox: the second waits for the first's mail, and
// the mails do not interleave (plain fcntl() locks would let both in at once).
TEST_F(MboxTest, TwoDeliveriesOfOneProcessExcludeEachOther) {
  auto first = Open(Options());
  auto second = Open(Options());
  auto writer = first->Begin({.uid = "u1", .envelope_sender = "a@x", .server_size = 0});
  ASSERT_TRUE(writer);
  ASSERT_TRUE((*writer)->Write("A: 1\n\nfirst "));
  auto blocked = second->Begin({.uid = "u2", .envelope_sender = "b@x", .server_size = 0});
  ASSERT_FALSE(blocked);
  EXPECT_EQ(blocked.error().message, "cannot lock mbox file " + path_ +
                                         ": locked by another process; gave up after 0.3 seconds");
  ASSERT_TRUE((*writer)->Write("mail\n"));
  ASSERT_TRUE((*writer)->Finish());
  ASSERT_TRUE(Deliver(*second, "A: 2\n\nsecond mail\n", 3, "b@x"));
  EXPECT_EQ(ReadFile(path_),
            "From a@x Fri Jul 31 20:51:30 2026\nA: 1\n\nfirst mail\n\n"
            "From b@x Fri Jul 31 20:51:30 2026\nA: 2\n\nsecond mail\n\n");
}

}  // namespace
}  // namespace mpop::delivery
