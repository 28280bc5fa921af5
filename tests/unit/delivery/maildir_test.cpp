#include "delivery/maildir.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <random>
#include <regex>
#include <string>
#include <vector>

#include "delivery/unique_name.hpp"
#include "support/faulty_file_system.hpp"
#include "support/temp_dir.hpp"

namespace mpop::delivery {
namespace {

namespace fs = std::filesystem;
using ::mpop::testing::Call;
using ::mpop::testing::FaultyFileSystem;
using ::mpop::testing::ReadFile;
using ::mpop::testing::ScopedTempDir;
using ::mpop::testing::WriteFile;

constexpr char kFirstName[] = "1700000000.M000042P4242Q1.mail.example";
constexpr char kSecondName[] = "1700000000.M000042P4242Q2.mail.example";

std::vector<std::string> List(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

// Bytes of every value, in lines of varying length, so chunk borders fall everywhere.
std::string Body(std::size_t size, unsigned seed) {
  std::mt19937 random(seed);
  std::string body;
  while (body.size() < size) {
    std::size_t line = random() % 200;
    for (std::size_t i = 0; i < line && body.size() < size - 1; ++i) {
      body += static_cast<char>(random() % 256);
    }
    body += '\n';
  }
  return body;
}

class MaildirTest : public ::testing::Test {
 protected:
  MaildirTest() : maildir_(dir_.File("Mail")) {
    for (const char* sub : {"", "/tmp", "/new", "/cur"}) fs::create_directory(maildir_ + sub);
  }

  // Deterministic names: kFirstName, kSecondName, ...
  MaildirOptions Fixed() {
    MaildirOptions options;
    options.host_name = "mail.example";
    options.pid = 4242;
    options.clock = [] {
      return std::chrono::system_clock::time_point(std::chrono::seconds(1700000000) +
                                                   std::chrono::microseconds(42));
    };
    options.file_system = &faulty_;
    return options;
  }

  std::unique_ptr<Delivery> Open(MaildirOptions options) {
    auto delivery = OpenMaildir(maildir_, std::move(options));
    EXPECT_TRUE(delivery) << delivery.error().message;
    return delivery ? std::move(*delivery) : nullptr;
  }

  // Delivers `body` in one Write, up to and including Finish; returns the token.
  std::string Deliver(Delivery& delivery, const std::string& body) {
    auto writer = delivery.Begin({});
    EXPECT_TRUE(writer);
    if (!writer) return "";
    EXPECT_TRUE((*writer)->Write(body));
    auto token = (*writer)->Finish();
    EXPECT_TRUE(token);
    return token ? *token : "";
  }

  std::string Tmp(const std::string& name = "") const { return maildir_ + "/tmp/" + name; }
  std::string New(const std::string& name = "") const { return maildir_ + "/new/" + name; }

  ScopedTempDir dir_;
  std::string maildir_;
  FaultyFileSystem faulty_;
};

TEST_F(MaildirTest, NameHasTheUpstreamLayout) {
  auto delivery = Open({});
  std::string host(256, '\0');
  ASSERT_EQ(gethostname(host.data(), host.size() - 1), 0);
  host.resize(host.find('\0'));
  std::string token = Deliver(*delivery, "x\n");
  std::regex layout("[0-9]+\\.M[0-9]{6}P" + std::to_string(getpid()) + "Q1\\." +
                    std::regex_replace(SanitizeHostForFileName(host),
                                       std::regex("[.^$|()\\[\\]{}*+?\\\\]"), "\\$&"));
  EXPECT_TRUE(std::regex_match(token, layout)) << token;
  EXPECT_TRUE(
      std::regex_match(Deliver(*delivery, "y\n"), std::regex("[0-9]+\\.M[0-9]{6}P[0-9]+Q2\\..*")));
  struct stat st;
  ASSERT_EQ(stat(Tmp(token).c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0600u);
}

TEST_F(MaildirTest, FixedPartsGiveTheExactName) {
  auto delivery = Open(Fixed());
  EXPECT_EQ(Deliver(*delivery, ""), kFirstName);
  EXPECT_EQ(List(Tmp()), std::vector<std::string>{kFirstName});
  EXPECT_TRUE(List(New()).empty());
}

TEST_F(MaildirTest, HostIsSanitized) {
  MaildirOptions options = Fixed();
  options.host_name = "a/b:c\\d";
  auto delivery = Open(std::move(options));
  EXPECT_EQ(Deliver(*delivery, ""), "1700000000.M000042P4242Q1.a_057_b_072_c_134_d");
}

TEST_F(MaildirTest, ContentIsByteExactWhateverTheChunkSizes) {
  const std::string body = Body(200 * 1024, 7);
  for (std::size_t buffer : {std::size_t{10}, std::size_t{64 * 1024}}) {
    for (std::size_t chunk :
         {std::size_t{1}, std::size_t{2}, std::size_t{3}, std::size_t{7}, std::size_t{9},
          std::size_t{10}, std::size_t{11}, std::size_t{4096}, std::size_t{64 * 1024 - 1},
          std::size_t{64 * 1024}, std::size_t{64 * 1024 + 1}, body.size()}) {
      SCOPED_TRACE("buffer " + std::to_string(buffer) + ", chunk " + std::to_string(chunk));
      MaildirOptions options;
      options.buffer_size = buffer;
      options.file_system = &faulty_;
      auto delivery = Open(std::move(options));
      auto writer = delivery->Begin({});
      ASSERT_TRUE(writer);
      for (std::size_t at = 0; at < body.size(); at += chunk) {
        ASSERT_TRUE((*writer)->Write(std::string_view(body).substr(at, chunk)));
      }
      auto token = (*writer)->Finish();
      ASSERT_TRUE(token);
      ASSERT_TRUE(delivery->Sync());
      ASSERT_TRUE(delivery->Publish(std::vector<std::string>{*token}));
      EXPECT_TRUE(List(Tmp()).empty());
      EXPECT_EQ(ReadFile(New(*token)), body);
      fs::remove(New(*token));
    }
  }
}

TEST_F(MaildirTest, ShortAndInterruptedWritesAreContinued) {
  const std::string body = Body(5000, 3);
  faulty_.LimitWrites(3);
  faulty_.FailNth(Call::kWrite, 2, EINTR);
  MaildirOptions options = Fixed();
  options.buffer_size = 100;
  auto delivery = Open(std::move(options));
  auto writer = delivery->Begin({});
  ASSERT_TRUE(writer);
  for (std::size_t at = 0; at < body.size(); at += 77) {
    ASSERT_TRUE((*writer)->Write(std::string_view(body).substr(at, 77)));
  }
  ASSERT_TRUE((*writer)->Finish());
  EXPECT_EQ(ReadFile(Tmp(kFirstName)), body);
}

TEST_F(MaildirTest, SmallWritesAreBuffered) {
  auto delivery = Open(Fixed());
  auto writer = delivery->Begin({});
  ASSERT_TRUE(writer);
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE((*writer)->Write("line 7\n"));
  EXPECT_EQ(faulty_.count(Call::kWrite), 0);
  ASSERT_TRUE((*writer)->Finish());
  EXPECT_EQ(faulty_.count(Call::kWrite), 1);
  EXPECT_EQ(fs::file_size(Tmp(kFirstName)), 7000u);
}

TEST_F(MaildirTest, EmptyMailIsDelivered) {
  auto delivery = Open(Fixed());
  std::string token = Deliver(*delivery, "");
  ASSERT_TRUE(delivery->Publish(std::vector<std::string>{token}));
  EXPECT_EQ(List(New()), std::vector<std::string>{kFirstName});
  EXPECT_EQ(fs::file_size(New(kFirstName)), 0u);
}

TEST_F(MaildirTest, AbortLeavesNoFile) {
  auto delivery = Open(Fixed());
  auto writer = delivery->Begin({});
  ASSERT_TRUE(writer);
  ASSERT_TRUE((*writer)->Write(Body(100000, 1)));
  EXPECT_EQ(List(Tmp()), std::vector<std::string>{kFirstName});
  (*writer)->Abort();
  (*writer)->Abort();
  EXPECT_TRUE(List(Tmp()).empty());
  EXPECT_TRUE(List(New()).empty());
  auto finished = (*writer)->Finish();
  ASSERT_FALSE(finished);
  EXPECT_EQ(finished.error(),
            Error::Software("commit of a closed maildir file " + Tmp(kFirstName)));
}

TEST_F(MaildirTest, WriterDestroyedWithoutFinishLeavesNoFile) {
  auto delivery = Open(Fixed());
  {
    auto writer = delivery->Begin({});
    ASSERT_TRUE(writer);
    ASSERT_TRUE((*writer)->Write("partial"));
  }
  EXPECT_TRUE(List(Tmp()).empty());
  EXPECT_TRUE(List(New()).empty());
}

TEST_F(MaildirTest, FinishedWriterKeepsItsFileWhenDestroyed) {
  auto delivery = Open(Fixed());
  Deliver(*delivery, "kept\n");
  EXPECT_EQ(ReadFile(Tmp(kFirstName)), "kept\n");
}

TEST_F(MaildirTest, WriterMayOutliveTheDelivery) {
  auto delivery = Open(Fixed());
  auto writer = delivery->Begin({});
  ASSERT_TRUE(writer);
  delivery.reset();
  ASSERT_TRUE((*writer)->Write("late\n"));
  ASSERT_TRUE((*writer)->Finish());
  EXPECT_EQ(ReadFile(Tmp(kFirstName)), "late\n");
}

TEST_F(MaildirTest, TrailingSlashesAreIgnored) {
  auto delivery = OpenMaildir(maildir_ + "//", Fixed());
  ASSERT_TRUE(delivery);
  faulty_.FailNth(Call::kOpenAt, 1, EACCES);
  auto writer = (*delivery)->Begin({});
  ASSERT_FALSE(writer);
  EXPECT_EQ(writer.error().message,
            "cannot create maildir file " + Tmp(kFirstName) + ": Permission denied");
}

TEST_F(MaildirTest, MissingMaildir) {
  auto delivery = OpenMaildir(dir_.File("nope"));
  ASSERT_FALSE(delivery);
  EXPECT_EQ(delivery.error(), Error::IoErr("cannot open maildir " + dir_.File("nope") +
                                           ": No such file or directory"));
}

TEST_F(MaildirTest, MaildirThatIsAFile) {
  WriteFile(dir_.File("plain"), "");
  auto delivery = OpenMaildir(dir_.File("plain"));
  ASSERT_FALSE(delivery);
  EXPECT_EQ(delivery.error(),
            Error::IoErr("cannot open maildir " + dir_.File("plain") + ": Not a directory"));
}

TEST_F(MaildirTest, BrokenSubdirectories) {
  struct Case {
    const char* sub;
    bool file_instead;
    const char* reason;
  };
  for (const Case& c :
       {Case{"tmp", false, "No such file or directory"},
        Case{"new", false, "No such file or directory"},
        Case{"cur", false, "No such file or directory"}, Case{"tmp", true, "Not a directory"},
        Case{"new", true, "Not a directory"}, Case{"cur", true, "Not a directory"}}) {
    SCOPED_TRACE(std::string(c.sub) + (c.file_instead ? " file" : " missing"));
    std::string sub = maildir_ + "/" + c.sub;
    fs::remove(sub);
    if (c.file_instead) WriteFile(sub, "");
    auto delivery = OpenMaildir(maildir_);
    ASSERT_FALSE(delivery);
    EXPECT_EQ(delivery.error(),
              Error::IoErr("cannot open maildir subdirectory " + sub + ": " + c.reason));
    fs::remove(sub);
    fs::create_directory(sub);
  }
}

TEST_F(MaildirTest, CreateFailure) {
  auto delivery = Open(Fixed());
  faulty_.FailNth(Call::kOpenAt, 1, ENOSPC);
  auto writer = delivery->Begin({});
  ASSERT_FALSE(writer);
  EXPECT_EQ(writer.error(), Error::IoErr("cannot create maildir file " + Tmp(kFirstName) +
                                         ": No space left on device"));
}

TEST_F(MaildirTest, WriteFailureRemovesTheFileAndSticks) {
  MaildirOptions options = Fixed();
  options.buffer_size = 16;
  auto delivery = Open(std::move(options));
  auto writer = delivery->Begin({});
  ASSERT_TRUE(writer);
  faulty_.FailNth(Call::kWrite, 2, ENOSPC);
  ASSERT_TRUE((*writer)->Write("0123456789"));
  ASSERT_TRUE((*writer)->Write("0123456789"));  // first write(): the buffer overflows
  Error expected =
      Error::IoErr("cannot write to maildir file " + Tmp(kFirstName) + ": No space left on device");
  auto written = (*writer)->Write("0123456789");
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error(), expected);
  EXPECT_TRUE(List(Tmp()).empty());
  auto again = (*writer)->Write("x");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error(), expected);
  auto finished = (*writer)->Finish();
  ASSERT_FALSE(finished);
  EXPECT_EQ(finished.error(), expected);
}

TEST_F(MaildirTest, FinishFailuresRemoveTheFile) {
  struct Case {
    Call call;
    int err;
    std::string message;
  };
  for (const Case& c :
       {Case{Call::kWrite, EIO,
             "cannot write to maildir file " + Tmp(kFirstName) + ": Input/output error"},
        Case{Call::kClose, EDQUOT,
             "cannot close maildir file " + Tmp(kFirstName) + ": Disk quota exceeded"}}) {
    SCOPED_TRACE(c.message);
    auto delivery = Open(Fixed());
    auto writer = delivery->Begin({});
    ASSERT_TRUE(writer);
    ASSERT_TRUE((*writer)->Write("data\n"));
    faulty_.FailNth(c.call, 1, c.err);
    auto finished = (*writer)->Finish();
    ASSERT_FALSE(finished);
    EXPECT_EQ(finished.error(), Error::IoErr(c.message));
    EXPECT_TRUE(List(Tmp()).empty());
    EXPECT_TRUE(List(New()).empty());
  }
}

TEST_F(MaildirTest, SyncFailure) {
  auto delivery = Open(Fixed());
  Deliver(*delivery, "a\n");
  faulty_.FailNth(Call::kSyncfs, 1, EIO);
  auto synced = delivery->Sync();
  ASSERT_FALSE(synced);
  EXPECT_EQ(synced.error(),
            Error::IoErr("cannot sync the file system of maildir " +
                         Tmp().substr(0, Tmp().size() - 1) + ": Input/output error"));
}

TEST_F(MaildirTest, ABatchIsMadeDurableWithOneSyncfsNotOneFsyncPerMail) {
  auto delivery = Open(Fixed());
  for (int i = 0; i < 5; ++i) Deliver(*delivery, "mail " + std::to_string(i));
  EXPECT_EQ(faulty_.count(Call::kFsync), 0);
  ASSERT_TRUE(delivery->Sync());
  EXPECT_EQ(faulty_.count(Call::kSyncfs), 1);
  EXPECT_EQ(faulty_.count(Call::kFsync), 0);
}

TEST_F(MaildirTest, RemoveAbandonedTouchesOnlyFilesOfDeadProcessesOfOurs) {
  // A pid that surely belongs to no process: a child that has exited and been reaped.
  pid_t child = fork();
  if (child == 0) _exit(0);
  ASSERT_GT(child, 0);
  ASSERT_EQ(waitpid(child, nullptr, 0), child);
  const std::string dead = std::to_string(child), alive = std::to_string(getpid());
  const std::vector<std::string> kept = {
      "1700000000.M000001P" + alive + "Q1.mail.example",   // a live process of ours
      "1700000000.M000001P" + dead + "Q1.other.example",   // another host
      "1700000000.M000001P" + dead + ".mail.example",      // another program's naming
      "1700000000.M000001P" + dead + "Q1.mail.example.x",  // not our host at the end
      "notes.txt"};
  const std::string abandoned = "1700000000.M000001P" + dead + "Q7.mail.example";
  for (const std::string& name : kept) WriteFile(Tmp(name), "x");
  WriteFile(Tmp(abandoned), "half a mail");
  auto delivery = Open(Fixed());
  // Our own process (pid 4242 in Fixed()) is never abandoned either.
  const std::string own = Deliver(*delivery, "mine");
  delivery->RemoveAbandoned();
  std::vector<std::string> expected = kept;
  expected.push_back(own);
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(List(Tmp()), expected);
}

TEST_F(MaildirTest, PublishOfSeveralMailsSyncsEachDirectoryOnce) {
  auto delivery = Open(Fixed());
  std::vector<std::string> tokens;
  for (int i = 0; i < 3; ++i) tokens.push_back(Deliver(*delivery, "mail " + std::to_string(i)));
  int fsyncs = faulty_.count(Call::kFsync);
  ASSERT_TRUE(delivery->Publish(tokens));
  EXPECT_EQ(faulty_.count(Call::kFsync) - fsyncs, 2);
  EXPECT_EQ(faulty_.count(Call::kLinkAt), 3);
  EXPECT_TRUE(List(Tmp()).empty());
  std::vector<std::string> expected = tokens;
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(List(New()), expected);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(ReadFile(New(tokens[i])), "mail " + std::to_string(i));
  ASSERT_TRUE(delivery->Publish(tokens));  // again: harmless
  EXPECT_EQ(List(New()), expected);
  ASSERT_TRUE(delivery->Publish({}));
}

TEST_F(MaildirTest, LinkRefusedKeepsTheMailInTmp) {
  for (int err : {EPERM, EXDEV, EOPNOTSUPP}) {
    auto delivery = Open(Fixed());
    std::string token = Deliver(*delivery, "a\n");
    faulty_.FailNth(Call::kLinkAt, 1, err);
    auto published = delivery->Publish(std::vector<std::string>{token});
    ASSERT_FALSE(published);
    EXPECT_EQ(
        published.error(),
        Error::IoErr("cannot link " + Tmp(token) + " to " + New(token) + ": " + ErrnoText(err) +
                     " (the file system of the maildir must support hard links)"));
    EXPECT_EQ(List(Tmp()), std::vector<std::string>{token});
    EXPECT_TRUE(List(New()).empty());
    fs::remove(Tmp(token));
  }
}

TEST_F(MaildirTest, OtherPublishFailures) {
  struct Case {
    Call call;
    int nth;
    std::string message;
  };
  for (const Case& c :
       {Case{Call::kLinkAt, 1,
             "cannot link " + Tmp(kFirstName) + " to " + New(kFirstName) +
                 ": No space left on device"},
        Case{Call::kFsync, 1,
             "cannot sync maildir directory " + maildir_ + "/new: No space left on device"},
        Case{Call::kUnlinkAt, 1, "cannot remove " + Tmp(kFirstName) + ": No space left on device"},
        Case{Call::kFsync, 2,
             "cannot sync maildir directory " + maildir_ + "/tmp: No space left on device"}}) {
    SCOPED_TRACE(c.message);
    auto delivery = Open(Fixed());
    std::string token = Deliver(*delivery, "a\n");
    faulty_.FailNth(c.call, c.nth, ENOSPC);
    auto published = delivery->Publish(std::vector<std::string>{token});
    ASSERT_FALSE(published);
    EXPECT_EQ(published.error(), Error::IoErr(c.message));
    // Whatever failed, Recover() completes the delivery.
    ASSERT_TRUE(delivery->Recover(token));
    EXPECT_TRUE(List(Tmp()).empty());
    EXPECT_EQ(ReadFile(New(token)), "a\n");
    fs::remove(New(token));
  }
}

TEST_F(MaildirTest, RecoverInEveryState) {
  auto delivery = Open(Fixed());

  // Finished, not published: linked now.
  std::string unpublished = Deliver(*delivery, "one\n");
  ASSERT_TRUE(delivery->Recover(unpublished));
  EXPECT_TRUE(List(Tmp()).empty());
  EXPECT_EQ(ReadFile(New(unpublished)), "one\n");

  // Linked, tmp/ name not yet removed.
  std::string linked = Deliver(*delivery, "two\n");
  fs::create_hard_link(Tmp(linked), New(linked));
  ASSERT_TRUE(delivery->Recover(linked));
  EXPECT_TRUE(List(Tmp()).empty());
  EXPECT_EQ(ReadFile(New(linked)), "two\n");

  // Published: nothing to do, in new/ or moved to cur/ by a mail reader.
  ASSERT_TRUE(delivery->Recover(linked));
  fs::rename(New(linked), maildir_ + "/cur/" + linked + ":2,S");
  ASSERT_TRUE(delivery->Recover(linked));
  EXPECT_TRUE(List(Tmp()).empty());
  EXPECT_EQ(List(New()), std::vector<std::string>{unpublished});

  // Linked, moved to cur/ by a reader, tmp/ name still there: not delivered twice.
  std::string moved = Deliver(*delivery, "three\n");
  fs::create_hard_link(Tmp(moved), maildir_ + "/cur/" + moved + ":2,");
  ASSERT_TRUE(delivery->Recover(moved));
  EXPECT_TRUE(List(Tmp()).empty());
  EXPECT_EQ(List(New()), std::vector<std::string>{unpublished});
}

TEST_F(MaildirTest, RecoverLeavesDifferentFilesAlone) {
  auto delivery = Open(Fixed());
  std::string token = Deliver(*delivery, "ours\n");
  WriteFile(New(token), "someone else's\n");
  auto recovered = delivery->Recover(token);
  ASSERT_FALSE(recovered);
  EXPECT_EQ(recovered.error(),
            Error::IoErr("cannot recover maildir delivery: " + Tmp(token) + " and " + New(token) +
                         " are different files; both are left alone"));
  EXPECT_EQ(ReadFile(Tmp(token)), "ours\n");
  EXPECT_EQ(ReadFile(New(token)), "someone else's\n");
}

TEST_F(MaildirTest, RecoverReportsStatFailures) {
  auto delivery = Open(Fixed());
  faulty_.FailNth(Call::kStatAt, 1, EACCES);
  auto recovered = delivery->Recover(kFirstName);
  ASSERT_FALSE(recovered);
  EXPECT_EQ(recovered.error(),
            Error::IoErr("cannot access " + Tmp(kFirstName) + ": Permission denied"));
}

TEST_F(MaildirTest, MalformedTokensAreRejected) {
  auto delivery = Open(Fixed());
  std::string token = Deliver(*delivery, "a\n");
  for (const std::string& bad :
       {std::string(""), std::string("."), std::string(".."), std::string("../new/x"),
        std::string("a/b"), std::string("nul\0", 4)}) {
    std::string shown;
    for (char c : bad) shown += static_cast<unsigned char>(c) < 0x20 ? '?' : c;
    Error expected = Error::DataErr("invalid maildir delivery token '" + shown + "'");
    SCOPED_TRACE(shown);
    auto recovered = delivery->Recover(bad);
    ASSERT_FALSE(recovered);
    EXPECT_EQ(recovered.error(), expected);
    // Checked before anything is linked.
    auto published = delivery->Publish(std::vector<std::string>{token, bad});
    ASSERT_FALSE(published);
    EXPECT_EQ(published.error(), expected);
    EXPECT_TRUE(List(New()).empty());
  }
}

TEST_F(MaildirTest, TwoDeliveriesGetDistinctNames) {
  // Same time, pid and host, each with its own counter: the clash on Q1 is noticed by
  // O_EXCL and the second writer moves on to Q2.
  auto first = Open(Fixed());
  auto second = Open(Fixed());
  EXPECT_EQ(Deliver(*first, "first\n"), kFirstName);
  EXPECT_EQ(Deliver(*second, "second\n"), kSecondName);
  EXPECT_EQ(ReadFile(Tmp(kFirstName)), "first\n");
  EXPECT_EQ(ReadFile(Tmp(kSecondName)), "second\n");
}

TEST_F(MaildirTest, SharedSequenceCountsForTheProcess) {
  DeliverySequence sequence;
  MaildirOptions options = Fixed();
  options.sequence = &sequence;
  auto first = Open(options);
  auto second = Open(options);
  EXPECT_EQ(Deliver(*first, ""), kFirstName);
  EXPECT_EQ(Deliver(*second, ""), kSecondName);
  EXPECT_EQ(Deliver(*first, ""), "1700000000.M000042P4242Q3.mail.example");
  EXPECT_EQ(faulty_.count(Call::kOpenAt), 4 * 2 + 3);  // no clash, no retry
}

TEST_F(MaildirTest, NoFreeNameGivesUp) {
  auto delivery = Open(Fixed());
  faulty_.FailAlways(Call::kOpenAt, EEXIST);
  auto writer = delivery->Begin({});
  ASSERT_FALSE(writer);
  EXPECT_EQ(writer.error(), Error::IoErr("cannot create maildir file in " + maildir_ +
                                         "/tmp: every name tried exists already"));
}

}  // namespace
}  // namespace mpop::delivery
