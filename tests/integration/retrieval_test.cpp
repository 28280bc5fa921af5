// mpop against a real Dovecot: retrieval into maildir, UIDLs, keep, only_new, size
// filters, status-only, auth-only, wrong password, several accounts at once.

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "support/delay_proxy.hpp"
#include "support/dovecot_server.hpp"
#include "support/mail_factory.hpp"
#include "support/mpop_runner.hpp"
#include "support/temp_dir.hpp"

namespace mpop::testing {
namespace {

using std::chrono::milliseconds;

class RetrievalTest : public ::testing::Test {
 protected:
  // Starts Dovecot with alice's mails; skips the test when Dovecot cannot run here.
  Status StartServer(std::vector<std::string> alice_mails,
                     std::vector<DovecotUser> more_users = {}) {
    DovecotOptions options;
    options.users.push_back({"alice", "alicepw", std::move(alice_mails)});
    for (auto& user : more_users) options.users.push_back(std::move(user));
    return server_.Start(std::move(options));
  }
  std::string AliceAccount(const std::string& maildir, const std::string& extra = "") {
    return DovecotAccount("default", server_.pop3_port(), "alice", "alicepw", maildir, extra);
  }

  DovecotServer server_;
  MpopHome home_;
};

TEST_F(RetrievalTest, ThousandMailsArriveByteIdenticalAndAreDeleted) {
  MailOptions options{
      .seed = 7, .size = 2000, .from_lines = true, .dot_lines = true, .eight_bit = true};
  std::vector<std::string> mails = MakeMails(1000, options);
  mails[3] = MakeMail({.seed = 9, .size = 30000, .long_lines = true}, 4);
  mails[5] = MakeMail({.seed = 9, .size = 500, .no_final_newline = true}, 6);
  mails[8] = MakeMail({.seed = 9, .size = 800, .crlf = true}, 9);
  MPOP_REQUIRE(StartServer(mails));
  const std::string maildir = home_.MakeMaildir("Mail");
  home_.WriteConfig(AliceAccount(maildir));

  RunResult run = home_.Run({"-q"});
  ASSERT_TRUE(run.ok()) << run.Describe();
  std::vector<std::string> files = FilesIn(maildir + "/new");
  ASSERT_EQ(files.size(), mails.size());
  // Maildir names sort by time and then by the per-process sequence number Q<n>, which
  // follows the server's order; sort by the sequence to compare with the originals.
  std::sort(files.begin(), files.end(), [](const std::string& a, const std::string& b) {
    auto seq = [](const std::string& path) {
      auto q = path.rfind('Q');
      return std::stol(path.substr(q + 1));
    };
    return seq(a) < seq(b);
  });
  for (std::size_t i = 0; i < mails.size(); ++i) {
    EXPECT_TRUE(DeliveredMatches(ReadFile(files[i]), mails[i])) << "mail " << i + 1;
  }
  EXPECT_TRUE(FilesIn(maildir + "/tmp").empty());
  EXPECT_EQ(server_.CountMails("alice"), 0u);

  // A second run finds nothing to do.
  run = home_.Run({});
  ASSERT_TRUE(run.ok()) << run.Describe();
  EXPECT_EQ(run.out, "alice at 127.0.0.1:\nno messages\n");
  EXPECT_EQ(FilesIn(maildir + "/new").size(), mails.size());
}

// Issue 3's bound for a 300-mail session on a link with 25 ms each way: at most six
// round trips in all, however many mails (upstream needs about 19).
TEST_F(RetrievalTest, ThreeHundredMailsTakeAtMostSixRoundTrips) {
  const std::vector<std::string> mails = MakeMails(300, {.seed = 5, .size = 4096});
  MPOP_REQUIRE(StartServer(mails));
  auto proxy = DelayProxy::Start({.target_port = server_.pop3_port(), .delay = milliseconds(25)});
  ASSERT_TRUE(proxy) << proxy.error().message;
  const std::string maildir = home_.MakeMaildir("Mail");
  home_.WriteConfig(DovecotAccount("default", (*proxy)->port(), "alice", "alicepw", maildir));

  RunResult run = home_.Run({"-q"});
  ASSERT_TRUE(run.ok()) << run.Describe();
  EXPECT_EQ(FilesIn(maildir + "/new").size(), mails.size());
  EXPECT_EQ(server_.CountMails("alice"), 0u);
  EXPECT_EQ((*proxy)->connections(), 1);
  EXPECT_LE((*proxy)->round_trips(), 6);
  EXPECT_GE((*proxy)->round_trips(), 3);  // greeting, login and scan, retrieval at least
}

TEST_F(RetrievalTest, KeepOnLeavesMailsAndSecondRunFetchesNothing) {
  MPOP_REQUIRE(StartServer(MakeMails(5, {})));
  const std::string maildir = home_.MakeMaildir("Mail");
  home_.WriteConfig(AliceAccount(maildir, "keep on\n"));

  RunResult run = home_.Run({"-Q"});
  ASSERT_TRUE(run.ok()) << run.Describe();
  // 5 mails of 1000 bytes with LF line ends; Dovecot counts CRLF: 5 x 1024 bytes.
  EXPECT_EQ(run.out,
            "alice at 127.0.0.1:\nnew: 5 messages in 5.00 KiB, total: 5 messages in "
            "5.00 KiB\n");
  EXPECT_EQ(FilesIn(maildir + "/new").size(), 5u);
  EXPECT_EQ(server_.CountMails("alice"), 5u);

  run = home_.Run({"-Q"});
  ASSERT_TRUE(run.ok()) << run.Describe();
  EXPECT_EQ(run.out, "alice at 127.0.0.1:\nnew: no messages, total: 5 messages in 5.00 KiB\n");
  EXPECT_EQ(FilesIn(maildir + "/new").size(), 5u);

  // keep off now deletes the old mails without fetching them again.
  run = home_.Run({"-Q", "--keep=off"});
  ASSERT_TRUE(run.ok()) << run.Describe();
  EXPECT_EQ(server_.CountMails("alice"), 0u);
  EXPECT_EQ(FilesIn(maildir + "/new").size(), 5u);
}

TEST_F(RetrievalTest, KeepDurationDeletesOnlyOldEnoughMails) {
  MPOP_REQUIRE(StartServer(MakeMails(2, {})));
  const std::string maildir = home_.MakeMaildir("Mail");
  home_.WriteConfig(AliceAccount(maildir, "keep 1d\n"));
  RunResult run = home_.Run({"-q"});
  ASSERT_TRUE(run.ok()) << run.Describe();
  EXPECT_EQ(server_.CountMails("alice"), 2u);

  // Age the first UID by two days in the UIDLs file: the next run deletes that mail only.
  const std::string uidls = home_.home() + "/.mpop_uidls/alice_at_127.0.0.1";
  std::string text = ReadFile(uidls);
  auto line = text.find("\n", text.find(" 2 127.0.0.1 alice")) + 1;
  auto space = text.find(' ', line);
  auto end = text.find('\n', space);
  const long first_seen = std::stol(text.substr(space + 1, end - space - 1));
  text.replace(space + 1, end - space - 1, std::to_string(first_seen - 2 * 86400));
  WriteFile(uidls, text);

  run = home_.Run({"-q"});
  ASSERT_TRUE(run.ok()) << run.Describe();
  EXPECT_EQ(server_.CountMails("alice"), 1u);
  EXPECT_EQ(FilesIn(maildir + "/new").size(), 2u);
}

TEST_F(RetrievalTest, OnlyNewOffFetchesKeptMailsAgain) {
  MPOP_REQUIRE(StartServer(MakeMails(3, {})));
  const std::string maildir = home_.MakeMaildir("Mail");
  home_.WriteConfig(AliceAccount(maildir, "keep on\n"));
  ASSERT_TRUE(home_.Run({"-q"}).ok());
  RunResult run = home_.Run({"-q", "--only-new=off"});
  ASSERT_TRUE(run.ok()) << run.Describe();
  EXPECT_EQ(FilesIn(maildir + "/new").size(), 6u);
}

TEST_F(RetrievalTest, KillsizeDeletesAndSkipsizeSkips) {
  std::vector<std::string> mails = {MakeMail({.size = 500}, 1), MakeMail({.size = 5000}, 2),
                                    MakeMail({.size = 20000}, 3)};
  MPOP_REQUIRE(StartServer(mails));
  const std::string maildir = home_.MakeMaildir("Mail");
  home_.WriteConfig(AliceAccount(maildir, "killsize 10k\nskipsize 4k\n"));
  RunResult run = home_.Run({});
  ASSERT_TRUE(run.ok()) << run.Describe();
  EXPECT_NE(run.out.find("skipping message 2 of 3 (reason: skipsize)\n"), std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("deleting message 3 of 3 (reason: killsize)\n"), std::string::npos)
      << run.out;
  ASSERT_EQ(FilesIn(maildir + "/new").size(), 1u);
  EXPECT_TRUE(DeliveredMatches(ReadFile(FilesIn(maildir + "/new")[0]), mails[0]));
  // Mail 2 stays (skipped), mail 3 is gone (killed), mail 1 was delivered and deleted.
  EXPECT_EQ(server_.Mails("alice"), std::vector<std::string>{mails[1]});
}

TEST_F(RetrievalTest, StatusOnlyCountsWithoutRetrieving) {
  MPOP_REQUIRE(StartServer({MakeMail({.size = 1024}, 1), MakeMail({.size = 2048}, 2)}));
  const std::string maildir = home_.MakeMaildir("Mail");
  home_.WriteConfig(AliceAccount(maildir, "keep on\n"));
  RunResult run = home_.Run({"--status-only"});
  ASSERT_TRUE(run.ok()) << run.Describe();
  // Dovecot counts CRLF line ends, so its sizes exceed the LF-based sizes of the mails.
  EXPECT_EQ(run.out.rfind("alice at 127.0.0.1:\nnew: 2 messages in ", 0), 0u) << run.out;
  EXPECT_NE(run.out.find(", total: 2 messages in "), std::string::npos) << run.out;
  EXPECT_TRUE(FilesIn(maildir + "/new").empty());
  EXPECT_EQ(server_.CountMails("alice"), 2u);
}

TEST_F(RetrievalTest, AuthOnlyLogsInAndQuits) {
  MPOP_REQUIRE(StartServer(MakeMails(1, {})));
  const std::string maildir = home_.MakeMaildir("Mail");
  home_.WriteConfig(AliceAccount(maildir));
  RunResult run = home_.Run({"--auth-only"});
  ASSERT_TRUE(run.ok()) << run.Describe();
  EXPECT_EQ(run.out, "");
  EXPECT_TRUE(FilesIn(maildir + "/new").empty());
  EXPECT_EQ(server_.CountMails("alice"), 1u);
}

TEST_F(RetrievalTest, WrongPasswordFailsWithServerWordsAndNoPerm) {
  MPOP_REQUIRE(StartServer(MakeMails(1, {})));
  const std::string maildir = home_.MakeMaildir("Mail");
  home_.WriteConfig(DovecotAccount("default", server_.pop3_port(), "alice", "wrong", maildir));
  RunResult run = home_.Run({});
  EXPECT_EQ(run.exit_code, 77) << run.Describe();
  EXPECT_NE(run.err.find("mpop: POP3 server rejected PASS: \"-ERR [AUTH] Authentication failed.\""),
            std::string::npos)
      << run.err;
  EXPECT_NE(run.err.find("mpop: error during mail retrieval (account default from " + home_.home() +
                         "/.mpoprc)"),
            std::string::npos)
      << run.err;
  EXPECT_EQ(server_.CountMails("alice"), 1u);
}

TEST_F(RetrievalTest, SeveralAccountsAtOnce) {
  MPOP_REQUIRE(StartServer(MakeMails(4, {}), {{"bob", "bobpw", MakeMails(3, {.seed = 2})},
                                              {"carol", "carolpw", MakeMails(2, {.seed = 3})}}));
  const std::string a = home_.MakeMaildir("A"), b = home_.MakeMaildir("B"),
                    c = home_.MakeMaildir("C");
  home_.WriteConfig(DovecotAccount("alice", server_.pop3_port(), "alice", "alicepw", a) +
                    DovecotAccount("bob", server_.pop3_port(), "bob", "bobpw", b) +
                    DovecotAccount("carol", server_.pop3_port(), "carol", "carolpw", c));
  RunResult run = home_.Run({"-a", "-Q", "--jobs=3"});
  ASSERT_TRUE(run.ok()) << run.Describe();
  EXPECT_EQ(FilesIn(a + "/new").size(), 4u);
  EXPECT_EQ(FilesIn(b + "/new").size(), 3u);
  EXPECT_EQ(FilesIn(c + "/new").size(), 2u);
  // Each account's status lines stay together.
  for (const char* user : {"alice", "bob", "carol"}) {
    const auto at = run.out.find(std::string(user) + " at 127.0.0.1:\nnew: ");
    EXPECT_NE(at, std::string::npos) << run.out;
  }
}

TEST_F(RetrievalTest, OneFailingAccountDoesNotStopTheOthers) {
  MPOP_REQUIRE(StartServer(MakeMails(2, {}), {{"bob", "bobpw", MakeMails(1, {})}}));
  const std::string a = home_.MakeMaildir("A"), b = home_.MakeMaildir("B");
  home_.WriteConfig(DovecotAccount("alice", server_.pop3_port(), "alice", "bad", a) +
                    DovecotAccount("bob", server_.pop3_port(), "bob", "bobpw", b));
  RunResult run = home_.Run({"-a", "-q"});
  EXPECT_EQ(run.exit_code, 77) << run.Describe();
  EXPECT_EQ(FilesIn(b + "/new").size(), 1u);
}

}  // namespace
}  // namespace mpop::testing
