// QUIT ahead of the last work (issue 17): a session that deletes nothing sends QUIT as soon
// as the last mail is in and writes the UIDLs file while the server answers it (Dovecot
// takes tens of milliseconds to end a session that fetched mails from a big mailbox). A
// session that deletes must still learn that QUIT succeeded before it records deletions.
#include <gtest/gtest.h>

#include <atomic>
#include <string>

#include "support/fake_pop3_server.hpp"
#include "support/mpop_runner.hpp"
#include "support/scripted_server.hpp"
#include "support/wait_until.hpp"

namespace mpop::testing {
namespace {

struct QuitScene {
  ScriptedServer scripted;
  MpopHome home;
  std::string maildir = home.MakeMaildir("Mail");
  std::string uidls = home.home() + "/uidls";

  void Configure(int port, const std::string& keep) {
    home.WriteConfig("account default\nhost 127.0.0.1\nport " + std::to_string(port) +
                     "\nuser joe\npassword secret\nauth user\ntls off\nkeep " + keep +
                     "\ndelivery maildir " + maildir + "\nuidls_file " + uidls + "\n");
  }
  bool Recorded(const std::string& uid) const {
    return ReadFile(uidls).find("\n" + uid + " ") != std::string::npos;
  }
};

TEST(EarlyQuitTest, AKeepingSessionWritesItsUidlsFileWhileTheServerAnswersQuit) {
  QuitScene setup;
  setup.scripted.SetMails({"Subject: 1\n\nbody\n", "Subject: 2\n\nbody\n"});
  std::atomic<bool> recorded_before_reply{false};
  FakePop3Server server(setup.scripted.Greeting(), [&](const std::string& command) {
    if (command == "QUIT") {
      // The reply waits for the file; a client that wrote it only after the reply would
      // keep this waiting until the deadline.
      recorded_before_reply = WaitUntil([&] { return setup.Recorded("uid-2"); });
    }
    return setup.scripted.Answer(command);
  });
  setup.Configure(server.port(), "on");
  RunResult run = setup.home.Run({"-q"});
  ASSERT_TRUE(run.ok()) << run.Describe();
  EXPECT_TRUE(recorded_before_reply);
  EXPECT_EQ(FilesIn(setup.maildir + "/new").size(), 2u);
  EXPECT_TRUE(setup.scripted.deleted.empty());
}

TEST(EarlyQuitTest, ADeletingSessionRecordsOnlyAfterQuitSucceeded) {
  QuitScene setup;
  setup.scripted.SetMails({"Subject: 1\n\nbody\n", "Subject: 2\n\nbody\n"});
  std::atomic<bool> recorded_at_quit{true};
  FakePop3Server server(setup.scripted.Greeting(), [&](const std::string& command) {
    // Written before the answer, the final list would hold the mails as kept.
    if (command == "QUIT") recorded_at_quit = setup.Recorded("uid-1") || setup.Recorded("uid-2");
    return setup.scripted.Answer(command);
  });
  setup.Configure(server.port(), "off");
  RunResult run = setup.home.Run({"-q"});
  ASSERT_TRUE(run.ok()) << run.Describe();
  EXPECT_FALSE(recorded_at_quit) << "the final list depends on QUIT's answer";
  EXPECT_FALSE(setup.Recorded("uid-1") || setup.Recorded("uid-2")) << ReadFile(setup.uidls);
  EXPECT_EQ(FilesIn(setup.maildir + "/new").size(), 2u);
  EXPECT_EQ(setup.scripted.deleted.size(), 2u);
}

TEST(EarlyQuitTest, AFailedQuitAfterAnEarlySendIsStillTheSessionsError) {
  QuitScene setup;
  setup.scripted.SetMails({"Subject: 1\n\nbody\n"});
  setup.scripted.overrides["QUIT"] = "-ERR cannot end the session\r\n";
  FakePop3Server server(setup.scripted.Greeting(), setup.scripted.SocketResponder());
  setup.Configure(server.port(), "on");
  RunResult run = setup.home.Run({"-q"});
  EXPECT_EQ(run.exit_code, 76) << run.Describe();  // EX_PROTOCOL
  EXPECT_NE(run.err.find("POP3 server rejected QUIT"), std::string::npos) << run.Describe();
  // The mail was delivered and recorded: the next run does not fetch it again.
  EXPECT_EQ(FilesIn(setup.maildir + "/new").size(), 1u);
  EXPECT_TRUE(setup.Recorded("uid-1")) << ReadFile(setup.uidls);
}

}  // namespace
}  // namespace mpop::testing
