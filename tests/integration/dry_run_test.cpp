// --dry-run against a real Dovecot (issue 20): a mailbox that exercises every verdict
// (fetch then delete or keep; skip, already retrieved; delete, its keep duration ran out;
// kill and skip by size; kill and skip by the header filter), with the server's mails, the
// maildir and the UIDLs file byte-identical before and after, and no RETR or DELE sent.

#include <gtest/gtest.h>

#include <ctime>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "support/dovecot_server.hpp"
#include "support/mpop_runner.hpp"
#include "support/temp_dir.hpp"

namespace mpop::testing {
namespace {

namespace fs = std::filesystem;

std::string Mail(int index, const std::string& subject, std::size_t body_bytes = 20) {
  std::string body;
  while (body.size() < body_bytes) body += "line of the body\n";
  return "From: a@example.org\nSubject: " + subject + "\nMessage-ID: <" + std::to_string(index) +
         "@example.org>\n\n" + body;
}

// Every file of the user's maildir (new/ and cur/; a flag change shows as a rename) with
// its contents.
std::map<std::string, std::string> Snapshot(const std::string& maildir) {
  std::map<std::string, std::string> files;
  for (const char* sub : {"/new", "/cur"}) {
    for (const std::string& path : FilesIn(maildir + sub)) files[path] = ReadFile(path);
  }
  return files;
}

// The filter: kill the mail with "kill" in its subject, skip the one with "skip".
constexpr const char* kFilterScript =
    "header=$(cat)\n"
    "case \"$header\" in\n"
    "  *'Subject: kill'*) exit 1 ;;\n"
    "  *'Subject: skip'*) exit 2 ;;\n"
    "esac\n"
    "exit 0\n";

class DryRunTest : public ::testing::Test {
 protected:
  void SetUp() override {
    DovecotOptions options;
    options.users.push_back({"alice", "alicepw", {Mail(1, "old, long ago"), Mail(2, "old")}});
    MPOP_REQUIRE(server_.Start(std::move(options)));
    maildir_ = home_.MakeMaildir("Mail");
    uidls_ = home_.home() + "/uidls";
    const std::string filter = home_.home() + "/filter.sh";
    WriteFile(filter, kFilterScript);
    home_.WriteConfig(DovecotAccount("default", server_.pop3_port(), "alice", "alicepw", maildir_,
                                     "keep 1d\nuidls_file " + uidls_ +
                                         "\nkillsize 15000\nskipsize 5000\nfilter sh " + filter +
                                         "\n"));
    // Mails 1 and 2 are known; mail 1 since three days, so its keep duration ran out.
    RunResult seen = home_.Run({"-q", "--mark-seen"});
    ASSERT_TRUE(seen.ok()) << seen.Describe();
    BackdateFirstUid(3 * 86400);
    ASSERT_TRUE(server_.AddMail("alice", Mail(3, "new")).has_value());
    ASSERT_TRUE(server_.AddMail("alice", Mail(4, "huge", 20000)).has_value());
    ASSERT_TRUE(server_.AddMail("alice", Mail(5, "big", 8000)).has_value());
    ASSERT_TRUE(server_.AddMail("alice", Mail(6, "kill me")).has_value());
    ASSERT_TRUE(server_.AddMail("alice", Mail(7, "skip me")).has_value());
  }

  // Moves the first-seen time of the first UID in the UIDLs file back by `seconds`.
  void BackdateFirstUid(std::int64_t seconds) {
    std::string text = ReadFile(uidls_);
    const std::size_t header = text.find("\n 2 ");
    ASSERT_NE(header, std::string::npos) << text;
    const std::size_t line = text.find('\n', header + 1) + 1;
    const std::size_t space = text.find(' ', line);
    const std::size_t end = text.find('\n', space);
    const std::int64_t when = std::stoll(text.substr(space + 1, end - space - 1)) - seconds;
    text.replace(space + 1, end - space - 1, std::to_string(when));
    WriteFile(uidls_, text);
  }

  // Runs mpop --dry-run with `args` and checks that nothing changed anywhere.
  RunResult DryRun(std::vector<std::string> args) {
    // Dovecot moves mails from new/ to cur/ the first time a session opens the mailbox;
    // a --status-only session does that first, so that the snapshot shows what a RETR
    // (the Seen flag) or DELE would change.
    RunResult status = home_.Run({"-q", "--status-only"});
    EXPECT_TRUE(status.ok()) << status.Describe();
    const auto server_before = Snapshot(server_.maildir_of("alice"));
    const std::string uidls_before = ReadFile(uidls_);
    args.push_back("--dry-run");
    RunResult run = home_.Run(args);
    EXPECT_EQ(Snapshot(server_.maildir_of("alice")), server_before);
    EXPECT_EQ(server_.CountMails("alice"), 7u);
    EXPECT_EQ(ReadFile(uidls_), uidls_before);
    EXPECT_FALSE(fs::exists(uidls_ + ".journal"));
    EXPECT_TRUE(FilesIn(maildir_ + "/new").empty());
    EXPECT_TRUE(FilesIn(maildir_ + "/tmp").empty());
    return run;
  }

  // The verdict printed for message `n`: the text after its "(UID ..., N bytes): ".
  static std::string Verdict(const std::string& out, int n) {
    const std::string start = "message " + std::to_string(n) + " (UID ";
    const std::size_t at = out.find(start);
    if (at == std::string::npos) return "(missing)";
    const std::size_t colon = out.find("): ", at);
    return out.substr(colon + 3, out.find('\n', colon) - colon - 3);
  }

  DovecotServer server_;
  MpopHome home_;
  std::string maildir_;
  std::string uidls_;
};

TEST_F(DryRunTest, KeepDurationShowsEveryVerdictAndChangesNothing) {
  RunResult run = DryRun({});
  ASSERT_TRUE(run.ok()) << run.Describe();
  EXPECT_EQ(Verdict(run.out, 1), "delete: already retrieved, its keep duration ran out");
  EXPECT_EQ(Verdict(run.out, 2), "skip: already retrieved");
  EXPECT_EQ(Verdict(run.out, 3), "fetch, then keep on the server: new");
  EXPECT_EQ(Verdict(run.out, 4), "skip: killsize, but keep");
  EXPECT_EQ(Verdict(run.out, 5), "skip: skipsize");
  EXPECT_EQ(Verdict(run.out, 6), "skip: the filter said kill, but keep");
  EXPECT_EQ(Verdict(run.out, 7), "skip: the filter said skip");
  EXPECT_NE(run.out.find("dry run: 1 of 7 messages would be fetched and 1 deleted; nothing was "
                         "changed\n"),
            std::string::npos)
      << run.out;
}

TEST_F(DryRunTest, KeepOffShowsDeletionsAndSendsNoRetrOrDele) {
  RunResult run = DryRun({"--keep=off", "--debug"});
  ASSERT_TRUE(run.ok()) << run.Describe();
  EXPECT_EQ(Verdict(run.out, 1), "delete: already retrieved");
  EXPECT_EQ(Verdict(run.out, 2), "delete: already retrieved");
  EXPECT_EQ(Verdict(run.out, 3), "fetch, then delete: new");
  EXPECT_EQ(Verdict(run.out, 4), "delete without fetching: killsize");
  EXPECT_EQ(Verdict(run.out, 5), "skip: skipsize");
  EXPECT_EQ(Verdict(run.out, 6), "delete without fetching: the filter said kill");
  EXPECT_EQ(Verdict(run.out, 7), "skip: the filter said skip");
  EXPECT_NE(run.out.find("TOP 6 0"), std::string::npos) << "the filter did not run";
  EXPECT_EQ(run.out.find("RETR"), std::string::npos);
  EXPECT_EQ(run.out.find("DELE"), std::string::npos);
}

TEST_F(DryRunTest, OnlyNewOffFetchesKnownMailsAgain) {
  RunResult run = DryRun({"--keep=off", "--only-new=off"});
  ASSERT_TRUE(run.ok()) << run.Describe();
  EXPECT_EQ(Verdict(run.out, 2), "fetch, then delete: already retrieved, but only_new is off");
}

TEST_F(DryRunTest, AMissingUidlsFileIsNotCreated) {
  fs::remove(uidls_);
  RunResult run = home_.Run({"--dry-run"});
  ASSERT_TRUE(run.ok()) << run.Describe();
  EXPECT_EQ(Verdict(run.out, 2), "fetch, then keep on the server: new");
  EXPECT_FALSE(fs::exists(uidls_));
}

TEST_F(DryRunTest, OnlyInRetrievalMode) {
  RunResult run = home_.Run({"--dry-run", "--status-only"});
  EXPECT_EQ(run.exit_code, 64) << run.Describe();
  EXPECT_EQ(run.err, "mpop: cannot use both --status-only and --dry-run\n");
}

}  // namespace
}  // namespace mpop::testing
