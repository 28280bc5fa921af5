// The re-download guard against a real Dovecot holding 2,000 kept mails (issue 20): a lost
// UIDLs file, a UIDLs file of another account and UIDs the server re-issued each stop the
// run with exit 65 before any RETR (the protocol trace shows none) and change nothing on
// disk; --accept-new and --mark-seen then do what they say; a new user's first run over a
// small mailbox is not stopped.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "support/dovecot_server.hpp"
#include "support/mail_factory.hpp"
#include "support/mpop_runner.hpp"
#include "support/temp_dir.hpp"

namespace mpop::testing {
namespace {

namespace fs = std::filesystem;

constexpr int kKept = 2000;

class RedownloadGuardTest : public ::testing::Test {
 protected:
  Status StartServer(int alice_mails, int bob_mails = 0) {
    DovecotOptions options;
    options.users.push_back({"alice", "alicepw", MakeMails(alice_mails, {.seed = 3, .size = 300})});
    options.users.push_back({"bob", "bobpw", MakeMails(bob_mails, {.seed = 4, .size = 300})});
    return server_.Start(std::move(options));
  }
  // alice's account (and bob's) keeping mail on the server, both with the UIDLs file
  // uidls_.
  void WriteConfig() {
    maildir_ = home_.MakeMaildir("Mail");
    uidls_ = home_.home() + "/uidls";
    const std::string extra = "keep on\nuidls_file " + uidls_ + "\n";
    home_.WriteConfig(
        DovecotAccount("default", server_.pop3_port(), "alice", "alicepw", maildir_, extra) +
        DovecotAccount("bob", server_.pop3_port(), "bob", "bobpw", maildir_, extra));
  }
  std::size_t Delivered() const { return FilesIn(maildir_ + "/new").size(); }
  std::string UidlsOrNothing() const { return fs::exists(uidls_) ? ReadFile(uidls_) : ""; }

  // A run stopped by the guard: exit 65, the message naming the count, the cause and both
  // ways on, no RETR in the trace, and the maildir and the UIDLs file as before.
  void ExpectStopped(const std::vector<std::string>& args, std::string_view cause) {
    const std::size_t delivered = Delivered();
    const std::string uidls = UidlsOrNothing();
    const bool uidls_existed = fs::exists(uidls_);
    const bool lock_existed = fs::exists(uidls_ + ".lock");
    std::vector<std::string> traced = args;
    traced.push_back("--debug");
    RunResult run = home_.Run(traced);
    EXPECT_EQ(run.exit_code, 65) << run.Describe();
    EXPECT_NE(run.err.find("this run would fetch 2000 mails kept on the server"), std::string::npos)
        << run.err;
    EXPECT_NE(run.err.find(cause), std::string::npos) << run.err;
    EXPECT_NE(run.err.find("--accept-new"), std::string::npos) << run.err;
    EXPECT_NE(run.err.find("--mark-seen"), std::string::npos) << run.err;
    EXPECT_NE(run.out.find("UIDL"), std::string::npos) << "no trace: " << run.out.substr(0, 500);
    EXPECT_EQ(run.out.find("RETR"), std::string::npos) << "the guard let a RETR through";
    EXPECT_EQ(Delivered(), delivered);
    EXPECT_TRUE(FilesIn(maildir_ + "/tmp").empty());
    EXPECT_EQ(UidlsOrNothing(), uidls);
    EXPECT_EQ(fs::exists(uidls_), uidls_existed) << "the stopped run created the UIDLs file";
    EXPECT_EQ(fs::exists(uidls_ + ".lock"), lock_existed);
    EXPECT_FALSE(fs::exists(uidls_ + ".journal"));
    EXPECT_EQ(server_.CountMails("alice"), static_cast<std::size_t>(kKept));
  }

  // Dovecot's UIDs re-issued under the same mails, as after a migration: its UID list and
  // indexes are removed and a UID list with a new UIDVALIDITY is written in their place
  // (each POP3 session opens the mailbox afresh, so the next one assigns new UIDs).
  void ReissueUids(int uid_validity) {
    const std::string dir = server_.maildir_of("alice");
    for (const auto& entry : fs::directory_iterator(dir)) {
      const std::string name = entry.path().filename().string();
      if (name.starts_with("dovecot")) fs::remove(entry.path());
    }
    WriteFile(dir + "/dovecot-uidlist", "3 V" + std::to_string(uid_validity) + " N1\n");
    fs::permissions(dir + "/dovecot-uidlist", fs::perms::all);
  }

  DovecotServer server_;
  MpopHome home_;
  std::string maildir_;
  std::string uidls_;
};

TEST_F(RedownloadGuardTest, LostStateFileStopsTheRunAndMarkSeenRecovers) {
  MPOP_REQUIRE(StartServer(kKept));
  WriteConfig();
  // A first run ever asks for the same decision.
  ExpectStopped({}, "the UIDLs file has no list for this account");
  RunResult run = home_.Run({"-q", "--accept-new"});
  ASSERT_TRUE(run.ok()) << run.Describe();
  EXPECT_EQ(Delivered(), static_cast<std::size_t>(kKept));

  fs::remove(uidls_);
  fs::remove(uidls_ + ".lock");
  ExpectStopped({}, "the UIDLs file has no list for this account");

  run = home_.Run({"--mark-seen"});
  ASSERT_TRUE(run.ok()) << run.Describe();
  EXPECT_NE(run.out.find("marked 2000 new messages as seen"), std::string::npos) << run.out;
  EXPECT_EQ(Delivered(), static_cast<std::size_t>(kKept));
  EXPECT_EQ(server_.CountMails("alice"), static_cast<std::size_t>(kKept));

  ASSERT_TRUE(server_.AddMail("alice", MakeMail({.seed = 5, .size = 300}, 2001)).has_value());
  run = home_.Run({"-q"});
  ASSERT_TRUE(run.ok()) << run.Describe();
  EXPECT_EQ(Delivered(), static_cast<std::size_t>(kKept) + 1);
}

TEST_F(RedownloadGuardTest, StateFileOfAnotherAccountStopsTheRun) {
  MPOP_REQUIRE(StartServer(kKept, 600));
  WriteConfig();
  RunResult run = home_.Run({"-q", "--accept-new", "bob"});
  ASSERT_TRUE(run.ok()) << run.Describe();
  ASSERT_EQ(Delivered(), 600u);
  ASSERT_NE(ReadFile(uidls_).find(" bob\n"), std::string::npos);

  ExpectStopped({"default"}, "the UIDLs file has no list for this account");

  run = home_.Run({"-q", "--accept-new"});
  ASSERT_TRUE(run.ok()) << run.Describe();
  EXPECT_EQ(Delivered(), 600u + kKept);
  EXPECT_NE(ReadFile(uidls_).find(" bob\n"), std::string::npos) << "bob's list was lost";
}

TEST_F(RedownloadGuardTest, ReissuedUidsStopTheRun) {
  MPOP_REQUIRE(StartServer(kKept));
  WriteConfig();
  RunResult run = home_.Run({"-q", "--mark-seen"});
  ASSERT_TRUE(run.ok()) << run.Describe();
  EXPECT_EQ(Delivered(), 0u);
  run = home_.Run({"-q"});
  ASSERT_TRUE(run.ok()) << run.Describe();
  EXPECT_EQ(Delivered(), 0u);

  ReissueUids(4242);
  ExpectStopped({}, "the UIDLs file knows 2000 mails of this account but only 0 of the 2000");

  // The user knows the mails are the same: recording them again stops the guard.
  run = home_.Run({"-q", "--mark-seen"});
  ASSERT_TRUE(run.ok()) << run.Describe();
  run = home_.Run({"-q"});
  ASSERT_TRUE(run.ok()) << run.Describe();
  EXPECT_EQ(Delivered(), 0u);

  // Re-issued once more, and this time the user wants them all.
  ReissueUids(4343);
  ExpectStopped({}, "the UIDLs file knows 2000 mails of this account but only 0 of the 2000");
  run = home_.Run({"-q", "--accept-new"});
  ASSERT_TRUE(run.ok()) << run.Describe();
  EXPECT_EQ(Delivered(), static_cast<std::size_t>(kKept));
}

TEST_F(RedownloadGuardTest, DryRunSaysTheGuardWouldStop) {
  MPOP_REQUIRE(StartServer(kKept));
  WriteConfig();
  RunResult run = home_.Run({"--dry-run"});
  ASSERT_TRUE(run.ok()) << run.Describe();
  EXPECT_NE(run.out.find("dry run: the re-download guard would stop this run: this run would "
                         "fetch 2000 mails kept on the server"),
            std::string::npos)
      << run.out.substr(run.out.size() - std::min<std::size_t>(run.out.size(), 600));
  run = home_.Run({"--dry-run", "--accept-new"});
  ASSERT_TRUE(run.ok()) << run.Describe();
  EXPECT_EQ(run.out.find("re-download guard"), std::string::npos);
  EXPECT_NE(run.out.find("dry run: 2000 of 2000 messages would be fetched and 0 deleted"),
            std::string::npos);
  EXPECT_FALSE(fs::exists(uidls_));
  EXPECT_EQ(Delivered(), 0u);
}

TEST_F(RedownloadGuardTest, AStoppedRunCreatesNoMbox) {
  MPOP_REQUIRE(StartServer(kKept));
  WriteConfig();
  const std::string mbox = home_.home() + "/mbox";
  ExpectStopped({"--delivery=mbox," + mbox}, "the UIDLs file has no list for this account");
  EXPECT_FALSE(fs::exists(mbox));
}

TEST_F(RedownloadGuardTest, FirstRunOfANewUserWithASmallMailboxIsNotStopped) {
  MPOP_REQUIRE(StartServer(20));
  WriteConfig();
  RunResult run = home_.Run({"-q"});
  ASSERT_TRUE(run.ok()) << run.Describe();
  EXPECT_EQ(Delivered(), 20u);
  EXPECT_EQ(server_.CountMails("alice"), 20u);
}

TEST_F(RedownloadGuardTest, LimitOffLetsTheFloodThrough) {
  MPOP_REQUIRE(StartServer(kKept));
  WriteConfig();
  RunResult run = home_.Run({"-q", "--redownload-limit=off"});
  ASSERT_TRUE(run.ok()) << run.Describe();
  EXPECT_EQ(Delivered(), static_cast<std::size_t>(kKept));
}

TEST_F(RedownloadGuardTest, CommandLineChecks) {
  MpopHome home;
  RunResult run = home.Run({"--accept-new", "--status-only", "--host=localhost"});
  EXPECT_EQ(run.exit_code, 64) << run.Describe();
  EXPECT_EQ(run.err, "mpop: cannot use both --accept-new and --status-only\n");
  run = home.Run({"--mark-seen", "--auth-only", "--host=localhost"});
  EXPECT_EQ(run.exit_code, 64) << run.Describe();
  EXPECT_EQ(run.err, "mpop: cannot use both --auth-only and --mark-seen\n");
  run = home.Run(
      {"--pretend", "--host=localhost", "--delivery=maildir,/tmp", "--redownload-limit=800"});
  EXPECT_NE(run.out.find("redownload_limit = 800\n"), std::string::npos) << run.Describe();
  run = home.Run({"--pretend", "--host=localhost", "--delivery=maildir,/tmp"});
  EXPECT_EQ(run.out.find("redownload_limit"), std::string::npos) << run.out;
}

}  // namespace
}  // namespace mpop::testing
