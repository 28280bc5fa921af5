// A provider that hands out mail in portions (issue 20), as Gmail does: each session lists
// at most 250 of the oldest mails not fetched yet, kept or not. One run of mpop opens
// sessions until the server runs dry and fetches all 1,000; a normal server costs no
// extra session.

#include <gtest/gtest.h>

#include <algorithm>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "support/fake_pop3_server.hpp"
#include "support/mpop_runner.hpp"
#include "support/scripted_server.hpp"

namespace mpop::testing {
namespace {

constexpr std::size_t kPortion = 250;
constexpr int kMails = 1000;

// The scripted mailbox behind a portion: at the start of each session (its CAPA) it shows
// the next kPortion mails that no earlier session fetched.
class PortionServer {
 public:
  PortionServer() {
    for (int i = 1; i <= kMails; ++i) {
      bodies_.push_back("Subject: mail " + std::to_string(i) + "\n\nbody\n");
      uids_.push_back("uid-" + std::to_string(i));
    }
  }

  FakePop3Server::Responder Responder() {
    return [this](const std::string& command) {
      std::lock_guard lock(mutex_);
      if (command == "CAPA") ShowNextPortion();
      if (command.starts_with("RETR ")) fetched_.insert(shown_[std::stoul(command.substr(5)) - 1]);
      return scripted_.Answer(command);
    };
  }
  std::string Greeting() const { return scripted_.Greeting(); }
  std::size_t fetched() const {
    std::lock_guard lock(mutex_);
    return fetched_.size();
  }

 private:
  void ShowNextPortion() {
    shown_.clear();
    for (std::size_t i = 0; i < bodies_.size() && shown_.size() < kPortion; ++i) {
      if (!fetched_.contains(i)) shown_.push_back(i);
    }
    std::vector<std::string> bodies, uids;
    for (std::size_t i : shown_) {
      bodies.push_back(bodies_[i]);
      uids.push_back(uids_[i]);
    }
    scripted_.SetMails(bodies, uids);
    scripted_.deleted.clear();
  }

  mutable std::mutex mutex_;
  ScriptedServer scripted_;
  std::vector<std::string> bodies_;
  std::vector<std::string> uids_;
  std::vector<std::size_t> shown_;  // this session's message number - 1 -> mail
  std::set<std::size_t> fetched_;
};

std::size_t Sessions(const FakePop3Server& server) {
  const std::vector<std::string> commands = server.commands();
  return static_cast<std::size_t>(std::count(commands.begin(), commands.end(), "CAPA"));
}

std::string Config(std::uint16_t port, const std::string& maildir, const std::string& uidls) {
  return "account default\nhost 127.0.0.1\nport " + std::to_string(port) +
         "\nuser joe\npassword secret\nauth user\ntls off\nkeep on\ndelivery maildir " + maildir +
         "\nuidls_file " + uidls + "\n";
}

TEST(PortionsTest, OneRunFetchesEveryPortion) {
  PortionServer portions;
  FakePop3Server server(portions.Greeting(), portions.Responder());
  MpopHome home;
  const std::string maildir = home.MakeMaildir("Mail");
  home.WriteConfig(Config(server.port(), maildir, home.home() + "/uidls"));

  // A first run over 1,000 kept mails asks the re-download guard's question; this user
  // answered it.
  RunResult run = home.Run({"-q", "--accept-new"});
  ASSERT_TRUE(run.ok()) << run.Describe();
  EXPECT_EQ(FilesIn(maildir + "/new").size(), static_cast<std::size_t>(kMails));
  EXPECT_EQ(portions.fetched(), static_cast<std::size_t>(kMails));
  // Four portions, and one session that found the server dry.
  EXPECT_EQ(Sessions(server), 5u);

  run = home.Run({"-q"});
  ASSERT_TRUE(run.ok()) << run.Describe();
  EXPECT_EQ(FilesIn(maildir + "/new").size(), static_cast<std::size_t>(kMails));
  EXPECT_EQ(Sessions(server), 6u);
}

// The re-download guard adds up the portions: a run without state stops once the
// portions it fetched and the next one pass the limit (500).
TEST(PortionsTest, TheGuardJudgesTheRunAsAWhole) {
  PortionServer portions;
  FakePop3Server server(portions.Greeting(), portions.Responder());
  MpopHome home;
  const std::string maildir = home.MakeMaildir("Mail");
  home.WriteConfig(Config(server.port(), maildir, home.home() + "/uidls"));

  RunResult run = home.Run({"-q"});
  EXPECT_EQ(run.exit_code, 65) << run.Describe();
  EXPECT_NE(run.err.find("this run would fetch 750 mails kept on the server"), std::string::npos)
      << run.err;
  EXPECT_NE(run.err.find("this run's earlier sessions fetched 500 of them"), std::string::npos)
      << run.err;
  EXPECT_EQ(FilesIn(maildir + "/new").size(), 500u);
  EXPECT_EQ(portions.fetched(), 500u);
  EXPECT_EQ(Sessions(server), 3u);
}

TEST(PortionsTest, ANormalServerCostsOneSession) {
  ScriptedServer scripted;
  std::vector<std::string> bodies;
  for (int i = 1; i <= 300; ++i) bodies.push_back("Subject: " + std::to_string(i) + "\n\nx\n");
  FakePop3Server server(scripted.Greeting(), scripted.SocketResponder());
  MpopHome home;
  const std::string maildir = home.MakeMaildir("Mail");
  const std::string uidls = home.home() + "/uidls";
  // A kept mailbox that grew: the known mails in the list say it is no portion.
  home.WriteConfig(Config(server.port(), maildir, uidls));
  scripted.SetMails(std::vector<std::string>(bodies.begin(), bodies.begin() + 10));
  ASSERT_TRUE(home.Run({"-q"}).ok());
  scripted.SetMails(bodies);
  RunResult run = home.Run({"-q"});
  ASSERT_TRUE(run.ok()) << run.Describe();
  EXPECT_EQ(FilesIn(maildir + "/new").size(), 300u);
  EXPECT_EQ(Sessions(server), 2u);
}

}  // namespace
}  // namespace mpop::testing
