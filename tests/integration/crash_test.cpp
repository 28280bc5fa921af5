// The durability promise under kill -9: mpop is killed at random moments of a 300-mail
// retrieval with delete, 20 times, then runs normally. No mail may be lost, and for
// maildir no mail may arrive twice: a mail is journaled before it becomes visible in
// new/, so the next run can tell whether it arrived.

#include <gtest/gtest.h>
#include <signal.h>

#include <iostream>
#include <map>
#include <random>
#include <thread>

#include "support/dovecot_server.hpp"
#include "support/mail_factory.hpp"
#include "support/mpop_runner.hpp"
#include "support/temp_dir.hpp"
#include "support/wait_until.hpp"

namespace mpop::testing {
namespace {

// The Message-ID header of a delivered mail identifies which original it is.
std::string MessageId(const std::string& mail) {
  auto at = mail.find("\nMessage-ID: ");
  if (at == std::string::npos) return {};
  auto end = mail.find('\n', at + 1);
  return mail.substr(at + 1, end - at - 1);
}

TEST(CrashTest, KillNineLosesNothingAndDuplicatesNothing) {
  constexpr int kMails = 300;
  constexpr int kKills = 20;
  std::vector<std::string> mails = MakeMails(kMails, {.seed = 11, .size = 3000});
  DovecotServer server;
  MPOP_REQUIRE(server.Start({.users = {{"alice", "alicepw", mails}}}));
  MpopHome home;
  const std::string maildir = home.MakeMaildir("Mail");
  home.WriteConfig(DovecotAccount("default", server.pop3_port(), "alice", "alicepw", maildir));

  std::mt19937 random(::testing::UnitTest::GetInstance()->random_seed());
  int kills_during_retrieval = 0;
  std::chrono::milliseconds session_length(300);
  for (int attempt = 0; attempt < 10 * kKills && kills_during_retrieval < kKills; ++attempt) {
    // A run that finished before its kill emptied the mailbox: give it new mails.
    if (server.CountMails("alice") == 0) {
      for (int i = 0; i < kMails; ++i) {
        mails.push_back(MakeMail({.seed = 11, .size = 3000}, static_cast<int>(mails.size()) + 1));
        ASSERT_TRUE(server.AddMail("alice", mails.back()));
      }
    }
    Command command{.argv = {MPOP_BIN, "-q"}, .env = {{"HOME", home.home()}}};
    auto process = BackgroundProcess::Start(command, home.home() + "/mpop.log");
    ASSERT_TRUE(process) << process.error().message;
    // Kill at a random moment inside the session: uniformly within the time the last
    // run that finished before its kill took (first guess 300 ms), so kills land in every
    // phase, batch commits included.
    const std::size_t before = FilesIn(maildir + "/new").size();
    const auto started = std::chrono::steady_clock::now();
    const bool finished = process->WaitForExit(std::chrono::milliseconds(
        std::uniform_int_distribution<long>(0, session_length.count())(random)));
    const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - started);
    RunResult status = process->Stop(SIGKILL, std::chrono::seconds(5));
    // Mails had started to arrive: in new/, or (a batch not yet committed) in tmp/, where
    // only the killed run's files can be (each run removes what killed runs left there).
    const bool delivered =
        FilesIn(maildir + "/new").size() > before || !FilesIn(maildir + "/tmp").empty();
    // Only a run that retrieved mails and succeeded says how long a session takes; a quick
    // failure (the server still busy with the killed session: [IN-USE]) would shrink the
    // window until no kill lands inside a retrieval any more.
    if (finished && status.ok() && delivered) {
      session_length = std::max(std::chrono::milliseconds(5), took);
    }
    if (status.term_signal == SIGKILL && delivered) ++kills_during_retrieval;
  }
  RunResult final_run = home.Run({"-q"});
  ASSERT_TRUE(final_run.ok()) << final_run.Describe();
  EXPECT_EQ(server.CountMails("alice"), 0u);

  std::map<std::string, int> seen;
  for (const std::string& file : FilesIn(maildir + "/new")) ++seen[MessageId(ReadFile(file))];
  int lost = 0, duplicates = 0;
  for (const std::string& mail : mails) {
    auto it = seen.find(MessageId(mail));
    if (it == seen.end()) {
      ++lost;
    } else {
      duplicates += it->second - 1;
    }
  }
  std::cout << "kill -9 test: " << kills_during_retrieval << " kills during retrieval, "
            << mails.size() << " mails, " << lost << " lost, " << duplicates << " duplicates, "
            << FilesIn(maildir + "/tmp").size() << " files left in tmp/\n";
  EXPECT_EQ(kills_during_retrieval, kKills);
  EXPECT_EQ(lost, 0);
  EXPECT_EQ(duplicates, 0);
}

TEST(SignalTest, TermInterruptsCleanlyAndKeepsWhatWasDelivered) {
  constexpr int kMails = 400;
  std::vector<std::string> mails = MakeMails(kMails, {.seed = 12, .size = 20000});
  DovecotServer server;
  MPOP_REQUIRE(server.Start({.users = {{"alice", "alicepw", mails}}}));
  MpopHome home;
  const std::string maildir = home.MakeMaildir("Mail");
  home.WriteConfig(DovecotAccount("default", server.pop3_port(), "alice", "alicepw", maildir));
  for (int signal_number : {SIGTERM, SIGINT, SIGHUP}) {
    SCOPED_TRACE(signal_number);
    Command command{.argv = {MPOP_BIN, "-q"}, .env = {{"HOME", home.home()}}};
    auto process = BackgroundProcess::Start(command, home.home() + "/mpop.log");
    ASSERT_TRUE(process) << process.error().message;
    // Wait until some more mails arrived, then interrupt.
    const std::size_t before = FilesIn(maildir + "/new").size();
    WaitUntil([&] { return FilesIn(maildir + "/new").size() >= before + 5; },
              std::chrono::milliseconds(4000));
    RunResult status = process->Stop(signal_number, std::chrono::seconds(10));
    if (server.CountMails("alice") == 0) break;  // finished before the signal
    EXPECT_EQ(status.exit_code, 75) << status.Describe() << ReadFile(home.home() + "/mpop.log");
    EXPECT_TRUE(FilesIn(maildir + "/tmp").empty());
    // Every delivered mail is complete.
    for (const std::string& file : FilesIn(maildir + "/new")) {
      const std::string delivered = ReadFile(file);
      EXPECT_EQ(delivered.substr(delivered.size() - 1), "\n");
    }
  }
  EXPECT_NE(ReadFile(home.home() + "/mpop.log").find("operation aborted by signal SIG"),
            std::string::npos)
      << ReadFile(home.home() + "/mpop.log");
  RunResult final_run = home.Run({"-q"});
  ASSERT_TRUE(final_run.ok()) << final_run.Describe();
  EXPECT_EQ(FilesIn(maildir + "/new").size(), static_cast<std::size_t>(kMails));
  EXPECT_EQ(server.CountMails("alice"), 0u);
}

}  // namespace
}  // namespace mpop::testing
