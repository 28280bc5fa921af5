// Scanning new/ and cur/: order, UIDs from the unique part, vanished files, errors.

#include "server/maildir_scan.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "support/temp_dir.hpp"

namespace mpop::server {
namespace {

using ::mpop::testing::ScopedTempDir;
using ::mpop::testing::WriteFile;

class MaildirScanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    maildir_ = dir_.File("md");
    mpop::testing::MakeMaildir(maildir_);
  }
  std::string Add(const std::string& relative, const std::string& bytes, int seconds,
                  long nanoseconds = 0) {
    const std::string path = maildir_ + "/" + relative;
    WriteFile(path, bytes);
    timespec times[2] = {{seconds, nanoseconds}, {seconds, nanoseconds}};
    EXPECT_EQ(::utimensat(AT_FDCWD, path.c_str(), times, 0), 0);
    return path;
  }
  std::vector<std::string> Uids() {
    Result<std::vector<MailFile>> mails = ScanMaildir(maildir_);
    EXPECT_TRUE(mails.has_value()) << mails.error().message;
    std::vector<std::string> uids;
    if (mails) {
      for (const MailFile& mail : *mails) uids.push_back(mail.uid);
    }
    return uids;
  }

  ScopedTempDir dir_;
  std::string maildir_;
};

TEST_F(MaildirScanTest, NewAndCurInDeliveryOrder) {
  Add("new/c", "x", 300);
  Add("cur/b:2,S", "xy\n", 200);
  Add("new/a2", "", 100, 5);
  Add("new/a1", "", 100, 5);  // same time: by name
  Add("new/a0", "", 100, 9);
  Add("tmp/inprogress", "x", 50);  // tmp/ is never served
  Add("new/.hidden", "x", 50);     // dot files are not mails
  std::filesystem::create_directory(maildir_ + "/new/subdir");
  Result<std::vector<MailFile>> mails = ScanMaildir(maildir_);
  ASSERT_TRUE(mails.has_value()) << mails.error().message;
  EXPECT_EQ(*mails, (std::vector<MailFile>{
                        {maildir_ + "/new/a1", "a1", 0},
                        {maildir_ + "/new/a2", "a2", 0},
                        {maildir_ + "/new/a0", "a0", 0},
                        {maildir_ + "/cur/b:2,S", "b", 4},
                        {maildir_ + "/new/c", "c", 3},
                    }));
}

TEST_F(MaildirScanTest, UidFromFileName) {
  EXPECT_EQ(UidFromFileName("1700000000.M1P2Q3.host"), "1700000000.M1P2Q3.host");
  EXPECT_EQ(UidFromFileName("1700000000.M1P2Q3.host:2,RS"), "1700000000.M1P2Q3.host");
  EXPECT_EQ(UidFromFileName("x:2,"), "x");
  EXPECT_EQ(UidFromFileName("x:1,experimental"), "x");
  // Not a valid UID: the MD5 of the unique part (RFC 1321 test vector for "").
  EXPECT_EQ(UidFromFileName(":2,S"), "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_EQ(UidFromFileName("a b"), UidFromFileName("a b:2,S"));
  EXPECT_EQ(UidFromFileName("a b").size(), 32u);
  EXPECT_EQ(UidFromFileName(std::string(70, 'x')), std::string(70, 'x'));
  EXPECT_EQ(UidFromFileName(std::string(71, 'x')).size(), 32u);
  EXPECT_EQ(UidFromFileName("caf\xc3\xa9").size(), 32u);
  EXPECT_TRUE(IsValidUid("!~"));
  EXPECT_FALSE(IsValidUid(""));
  EXPECT_FALSE(IsValidUid("a\x7f"));
}

TEST_F(MaildirScanTest, SameUniquePartTwiceStaysUnique) {
  Add("new/x", "1", 100);
  Add("cur/x:2,S", "2", 200);
  std::vector<std::string> uids = Uids();
  ASSERT_EQ(uids.size(), 2u);
  EXPECT_EQ(uids[0], "x");
  EXPECT_NE(uids[1], "x");
  EXPECT_EQ(Uids(), uids);  // and stable
}

TEST_F(MaildirScanTest, SymlinksAreNotServed) {
  Add("new/a", "x", 100);
  const std::string outside = dir_.File("secret");
  WriteFile(outside, "not a mail of this maildir\n");
  ASSERT_EQ(::symlink(outside.c_str(), (maildir_ + "/new/b").c_str()), 0);
  ASSERT_EQ(::symlink((maildir_ + "/gone").c_str(), (maildir_ + "/cur/c").c_str()), 0);
  EXPECT_EQ(Uids(), (std::vector<std::string>{"a"}));
  // A file replaced by a symlink after the scan is not read either.
  Result<std::uint64_t> size = FileWireSize(maildir_ + "/new/b");
  ASSERT_FALSE(size.has_value());
  EXPECT_EQ(size.error().message, maildir_ + "/new/b: vanished");
}

TEST_F(MaildirScanTest, FifosAreNotServedAndDoNotBlock) {
  Add("new/a", "x", 100);
  ASSERT_EQ(::mkfifo((maildir_ + "/new/f").c_str(), 0600), 0);
  ASSERT_EQ(::mkfifo((maildir_ + "/cur/g:2,S").c_str(), 0600), 0);
  EXPECT_EQ(Uids(), (std::vector<std::string>{"a"}));
}

TEST_F(MaildirScanTest, DeliveriesAndRemovalsDuringScansAreNoError) {
  // Another program delivers and removes mails while sessions scan: whatever moment a
  // file appears or vanishes, the scan succeeds.
  std::atomic<bool> stop = false;
  std::thread churn([&] {
    for (int i = 0; !stop; ++i) {
      const std::string path = maildir_ + "/new/churn" + std::to_string(i % 50);
      WriteFile(path, "Subject: churn\n\nbody\n");
      if (i % 3 != 0)
        std::filesystem::remove(maildir_ + "/new/churn" + std::to_string((i + 7) % 50));
    }
  });
  for (int scan = 0; scan < 300; ++scan) {
    Result<std::vector<MailFile>> mails = ScanMaildir(maildir_);
    ASSERT_TRUE(mails.has_value()) << mails.error().message;
    for (const MailFile& mail : *mails)
      EXPECT_TRUE(mail.size == 0 || mail.size == 24u) << mail.size;
  }
  stop = true;
  churn.join();
}

TEST_F(MaildirScanTest, MissingOrUnreadableDirectoriesAreErrors) {
  std::filesystem::remove(maildir_ + "/new");
  Result<std::vector<MailFile>> mails = ScanMaildir(maildir_);
  ASSERT_FALSE(mails.has_value());
  EXPECT_EQ(mails.error().code, ExitCode::kIoErr);
  EXPECT_EQ(mails.error().message,
            "cannot read maildir " + maildir_ + "/new: No such file or directory");
  mails = ScanMaildir(dir_.File("none"));
  ASSERT_FALSE(mails.has_value());
  EXPECT_EQ(mails.error().message,
            "cannot read maildir " + dir_.File("none") + "/new: No such file or directory");
}

TEST_F(MaildirScanTest, FileWireSize) {
  const std::string path = Add("new/a", "a\nb\r\n.c", 1);
  Result<std::uint64_t> size = FileWireSize(path);
  ASSERT_TRUE(size.has_value());
  EXPECT_EQ(*size, 10u);
  size = FileWireSize(maildir_ + "/new/none");
  ASSERT_FALSE(size.has_value());
  EXPECT_EQ(size.error().message, maildir_ + "/new/none: vanished");
}

}  // namespace
}  // namespace mpop::server
