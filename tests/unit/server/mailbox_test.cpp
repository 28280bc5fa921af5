// Mailbox: sending a mail as RETR/TOP do, deletion marks, and the UPDATE step at QUIT.

#include "server/mailbox.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "server/output.hpp"
#include "server/wire_encoder.hpp"
#include "support/temp_dir.hpp"

namespace mpop::server {
namespace {

namespace fs = std::filesystem;
using ::mpop::testing::ScopedTempDir;
using ::mpop::testing::WriteFile;

class MailboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    maildir_ = dir_.File("md");
    mpop::testing::MakeMaildir(maildir_);
  }
  // A mail file with the MailFile the scan would make of it.
  MailFile Add(const std::string& relative, const std::string& bytes) {
    const std::string path = maildir_ + "/" + relative;
    WriteFile(path, bytes);
    return {path, relative.substr(4), WireSize(bytes)};
  }

  ScopedTempDir dir_;
  std::string maildir_;
};

TEST_F(MailboxTest, SendsDotStuffedCrlfWithTerminator) {
  // Big enough for several reads, with a dot line across every chunk boundary kind.
  std::string big;
  while (big.size() < 200000) big += ".dot line\nplain line\n";
  Mailbox mailbox(std::nullopt, {Add("new/a", "H: 1\n\n.b\nc"), Add("cur/b:2,S", big)});
  StringOutput out;
  ASSERT_TRUE(mailbox.Send(1, std::nullopt, out, "+OK 15 octets\r\n"));
  EXPECT_EQ(out.text, "+OK 15 octets\r\nH: 1\r\n\r\n..b\r\nc\r\n.\r\n");

  StringOutput big_out;
  ASSERT_TRUE(mailbox.Send(2, std::nullopt, big_out, "+OK\r\n"));
  std::string expected = "+OK\r\n";
  for (std::size_t i = 0; i < big.size(); i += 21) expected += "..dot line\r\nplain line\r\n";
  EXPECT_EQ(big_out.text, expected + ".\r\n");
}

TEST_F(MailboxTest, TopStopsAfterTheBodyLines) {
  Mailbox mailbox(std::nullopt, {Add("new/a", "H: 1\n\nb1\nb2\nb3\n")});
  StringOutput out;
  ASSERT_TRUE(mailbox.Send(1, 1, out, "+OK top\r\n"));
  EXPECT_EQ(out.text, "+OK top\r\nH: 1\r\n\r\nb1\r\n.\r\n");
}

TEST_F(MailboxTest, VanishedFileIsNoInputBeforeAnythingIsSent) {
  Mailbox mailbox(std::nullopt, {Add("new/a", "x\n")});
  fs::remove(maildir_ + "/new/a");
  StringOutput out;
  Status sent = mailbox.Send(1, std::nullopt, out, "+OK\r\n");
  ASSERT_FALSE(sent);
  EXPECT_EQ(sent.error().code, ExitCode::kNoInput);
  EXPECT_EQ(sent.error().message, "message 1 has vanished");
  EXPECT_EQ(out.text, "");
}

TEST_F(MailboxTest, MarksCountsAndReset) {
  Mailbox mailbox(std::nullopt, {Add("new/a", "a\n"), Add("new/b", "bb\n")});
  EXPECT_EQ(mailbox.live_count(), 2u);
  EXPECT_EQ(mailbox.live_size(), 7u);
  mailbox.MarkDeleted(2);
  EXPECT_TRUE(mailbox.IsDeleted(2));
  EXPECT_EQ(mailbox.Find(2), nullptr);
  EXPECT_EQ(mailbox.live_count(), 1u);
  EXPECT_EQ(mailbox.live_size(), 3u);
  EXPECT_EQ(mailbox.count(), 2u);
  for (std::uint64_t number : {0ull, 3ull, ~0ull}) {
    EXPECT_EQ(mailbox.Find(number), nullptr) << number;
    EXPECT_FALSE(mailbox.IsDeleted(number)) << number;
  }
  mailbox.UnmarkAll();
  EXPECT_EQ(mailbox.live_count(), 2u);
  ASSERT_NE(mailbox.Find(2), nullptr);
  EXPECT_EQ(mailbox.Find(2)->uid, "b");
}

TEST_F(MailboxTest, CommitRemovesOnlyMarkedFilesInNewAndCur) {
  Mailbox mailbox(std::nullopt, {Add("new/a", "a\n"), Add("cur/b:2,S", "b\n"), Add("new/c", "c\n"),
                                 Add("cur/d:2,", "d\n")});
  mailbox.MarkDeleted(1);
  mailbox.MarkDeleted(2);
  mailbox.MarkDeleted(4);
  fs::remove(maildir_ + "/cur/d:2,");  // gone already: no failure, but not ours to count
  Mailbox::CommitResult result = mailbox.Commit();
  EXPECT_EQ(result.removed, 2u);
  EXPECT_EQ(result.already_gone, 1u);
  EXPECT_TRUE(result.failures.empty());
  EXPECT_FALSE(fs::exists(maildir_ + "/new/a"));
  EXPECT_FALSE(fs::exists(maildir_ + "/cur/b:2,S"));
  EXPECT_TRUE(fs::exists(maildir_ + "/new/c"));
  EXPECT_FALSE(mailbox.IsDeleted(1));  // marks are cleared
}

TEST_F(MailboxTest, CommitReportsFilesItCannotRemove) {
  // A "directory" that is a file: neither openable as a directory nor usable in a path,
  // whoever runs the test (root included).
  WriteFile(maildir_ + "/new/file", "x");
  const std::string bad = maildir_ + "/new/file/mail";
  Mailbox mailbox(std::nullopt, {{bad, "mail", 2}, Add("new/a", "a\n")});
  mailbox.MarkDeleted(1);
  mailbox.MarkDeleted(2);
  Mailbox::CommitResult result = mailbox.Commit();
  EXPECT_EQ(result.removed, 1u);
  EXPECT_EQ(result.failures,
            (std::vector<std::string>{"cannot remove " + bad + ": Not a directory"}));
  EXPECT_FALSE(fs::exists(maildir_ + "/new/a"));
}

TEST_F(MailboxTest, OpenLocksTheMaildir) {
  WriteFile(maildir_ + "/new/a", "a\n");
  Result<Mailbox> first = Mailbox::Open(maildir_);
  ASSERT_TRUE(first.has_value()) << first.error().message;
  EXPECT_EQ(first->count(), 1u);
  Result<Mailbox> second = Mailbox::Open(maildir_);
  ASSERT_FALSE(second.has_value());
  EXPECT_EQ(second.error().code, ExitCode::kTempFail);
}

}  // namespace
}  // namespace mpop::server
