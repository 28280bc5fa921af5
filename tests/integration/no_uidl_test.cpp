// A server without UIDL (issue 20): mpop tells the mails apart by their headers (TOP n 0),
// so the second run fetches nothing, `keep` durations delete what ran out, and a new mail
// is found. Neither Dovecot nor mpopd can switch UIDL off, so this is the scripted server.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/fake_pop3_server.hpp"
#include "support/mpop_runner.hpp"
#include "support/scripted_server.hpp"
#include "support/temp_dir.hpp"

namespace mpop::testing {
namespace {

std::string Mail(int index) {
  return "From: a@example.org\nSubject: mail " + std::to_string(index) + "\nMessage-ID: <" +
         std::to_string(index) + "@example.org>\nDate: Mon, 1 Dec 2026 10:00:0" +
         std::to_string(index) + " +0000\n\nbody " + std::to_string(index) + "\n";
}

class NoUidlTest : public ::testing::Test {
 protected:
  NoUidlTest() : server_(scripted_.Greeting(), scripted_.SocketResponder()) {
    scripted_.capabilities = {"TOP", "USER", "PIPELINING"};
    scripted_.overrides["UIDL"] = "-ERR no UIDL here\r\n";
    scripted_.SetMails({Mail(1), Mail(2), Mail(3)});
    maildir_ = home_.MakeMaildir("Mail");
    uidls_ = home_.home() + "/uidls";
    home_.WriteConfig("account default\nhost 127.0.0.1\nport " + std::to_string(server_.port()) +
                      "\nuser joe\npassword secret\nauth user\ntls off\nkeep 1d\n"
                      "delivery maildir " +
                      maildir_ + "\nuidls_file " + uidls_ + "\n");
  }

  // Runs mpop and returns the commands the server received during the run.
  std::vector<std::string> Run() {
    const std::size_t before = server_.commands().size();
    RunResult run = home_.Run({"-q"});
    EXPECT_TRUE(run.ok()) << run.Describe();
    std::vector<std::string> commands = server_.commands();
    commands.erase(commands.begin(), commands.begin() + static_cast<long>(before));
    // Between sessions a real server removes what was deleted and numbers the rest anew.
    std::vector<ScriptedServer::Mail> kept;
    for (std::size_t i = 0; i < scripted_.mails.size(); ++i) {
      if (!scripted_.deleted.contains(static_cast<long>(i + 1))) kept.push_back(scripted_.mails[i]);
    }
    scripted_.mails = kept;
    scripted_.deleted.clear();
    return commands;
  }

  static std::vector<std::string> Only(const std::vector<std::string>& commands,
                                       const std::string& verb) {
    std::vector<std::string> found;
    for (const std::string& command : commands) {
      if (command.starts_with(verb + " ")) found.push_back(command);
    }
    return found;
  }

  // Moves every first-seen time in the UIDLs file back by two days.
  void AgeEveryMail() {
    std::string text = ReadFile(uidls_);
    std::string aged;
    std::size_t start = 0;
    while (start < text.size()) {
      std::size_t end = text.find('\n', start);
      std::string line = text.substr(start, end - start);
      if (line.starts_with("hdr-")) {
        const std::size_t space = line.rfind(' ');
        line = line.substr(0, space + 1) +
               std::to_string(std::stoll(line.substr(space + 1)) - 2 * 86400);
      }
      aged += line + "\n";
      start = end + 1;
    }
    WriteFile(uidls_, aged);
  }

  ScriptedServer scripted_;
  FakePop3Server server_;
  MpopHome home_;
  std::string maildir_;
  std::string uidls_;
};

TEST_F(NoUidlTest, HeadersStandInForUids) {
  std::vector<std::string> commands = Run();
  EXPECT_EQ(Only(commands, "TOP"), (std::vector<std::string>{"TOP 1 0", "TOP 2 0", "TOP 3 0"}));
  EXPECT_EQ(Only(commands, "RETR"), (std::vector<std::string>{"RETR 1", "RETR 2", "RETR 3"}));
  EXPECT_TRUE(Only(commands, "DELE").empty());
  EXPECT_EQ(FilesIn(maildir_ + "/new").size(), 3u);
  EXPECT_NE(ReadFile(uidls_).find("\n 3 127.0.0.1 joe\nhdr-"), std::string::npos)
      << ReadFile(uidls_);

  // The second run fetches nothing.
  commands = Run();
  EXPECT_TRUE(Only(commands, "RETR").empty());
  EXPECT_EQ(FilesIn(maildir_ + "/new").size(), 3u);

  // Once their keep duration ran out the three are deleted, and a new mail is fetched.
  AgeEveryMail();
  scripted_.mails.push_back({"", Mail(4), std::nullopt});
  commands = Run();
  EXPECT_EQ(Only(commands, "RETR"), (std::vector<std::string>{"RETR 4"}));
  EXPECT_EQ(Only(commands, "DELE"), (std::vector<std::string>{"DELE 1", "DELE 2", "DELE 3"}));
  EXPECT_EQ(FilesIn(maildir_ + "/new").size(), 4u);
  ASSERT_EQ(scripted_.mails.size(), 1u);

  commands = Run();
  EXPECT_TRUE(Only(commands, "RETR").empty());
  EXPECT_TRUE(Only(commands, "DELE").empty());
}

// Neither CAPA nor UIDL nor TOP: the mails cannot be told apart, so they are fetched each
// time, as before, instead of failing the session.
TEST_F(NoUidlTest, WithoutTopEveryMailIsNewEachTime) {
  scripted_.capa_supported = false;
  for (int i = 1; i <= 3; ++i) {
    scripted_.overrides["TOP " + std::to_string(i) + " 0"] = "-ERR no TOP either\r\n";
  }
  std::vector<std::string> commands = Run();
  EXPECT_EQ(Only(commands, "RETR").size(), 3u);
  commands = Run();
  EXPECT_EQ(Only(commands, "RETR").size(), 3u);
  EXPECT_EQ(FilesIn(maildir_ + "/new").size(), 6u);
}

}  // namespace
}  // namespace mpop::testing
