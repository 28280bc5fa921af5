// The order of accounts (issue 15 item 4). With -j1 they run exactly in the order given,
// also when some share a UIDLs file (they used to run group by group). With several at a
// time their output comes whole and in the order given, however their sessions interleave:
// here the first account's server holds its session until the second account's session
// has ended, so a printer in order of completion would print the second one first.
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <regex>
#include <string>
#include <vector>

#include "support/fake_pop3_server.hpp"
#include "support/mpop_runner.hpp"
#include "support/scripted_server.hpp"

namespace mpop::testing {
namespace {

// A server for user `name`; `before_user` runs before it answers USER (it may wait),
// `after_quit` once it has answered QUIT.
struct UserServer {
  explicit UserServer(const std::string& name, std::function<void()> before_user = {},
                      std::function<void()> after_quit = {})
      : socket(scripted.Greeting(), [this, before_user, after_quit](const std::string& command) {
          if (command.starts_with("USER ") && before_user) before_user();
          FakeReply reply = scripted.Answer(command);
          if (command == "QUIT" && after_quit) after_quit();
          return reply;
        }) {
    scripted.user = name;
    scripted.SetMails({"Subject: for " + name + "\n\nbody\n"});
  }
  ScriptedServer scripted;
  FakePop3Server socket;
};

class AccountOrderTest : public ::testing::Test {
 protected:
  std::string Account(const std::string& name, const UserServer& server, const std::string& uidls) {
    return "account " + name + "\nhost 127.0.0.1\nport " + std::to_string(server.socket.port()) +
           "\nuser " + name + "\npassword secret\nauth user\ntls off\nkeep on\n" +
           "delivery maildir " + maildir_ + "\nuidls_file " + uidls + "\n";
  }
  // The accounts in the order their status lines were printed.
  static std::vector<std::string> StatusOrder(const std::string& out) {
    static const std::regex kStatus("(?:^|\n)([a-z]+) at 127\\.0\\.0\\.1:\n");
    std::vector<std::string> names;
    for (auto it = std::sregex_iterator(out.begin(), out.end(), kStatus);
         it != std::sregex_iterator(); ++it) {
      names.push_back((*it)[1]);
    }
    return names;
  }

  MpopHome home_;
  std::string maildir_ = home_.MakeMaildir("Mail");
};

TEST_F(AccountOrderTest, OneAtATimeRunsInTheOrderGiven) {
  UserServer a("a"), b("b"), c("c"), d("d");
  const std::string shared = home_.home() + "/shared-uidls";  // b and d share it
  home_.WriteConfig(Account("a", a, home_.home() + "/a") + Account("b", b, shared) +
                    Account("c", c, home_.home() + "/c") + Account("d", d, shared));
  RunResult run = home_.Run({"-j1", "-Q", "d", "c", "b", "a"});
  ASSERT_TRUE(run.ok()) << run.Describe();
  EXPECT_EQ(StatusOrder(run.out), (std::vector<std::string>{"d", "c", "b", "a"})) << run.out;
}

TEST_F(AccountOrderTest, SeveralAtATimePrintInTheOrderGiven) {
  for (int round = 0; round < 3; ++round) {
    SCOPED_TRACE(round);
    std::mutex mutex;
    std::condition_variable changed;
    bool second_done = false;
    UserServer second("second", {}, [&] {
      {
        std::lock_guard lock(mutex);
        second_done = true;
      }
      changed.notify_all();
    });
    UserServer first("first", [&] {
      std::unique_lock lock(mutex);
      changed.wait_for(lock, std::chrono::seconds(20), [&] { return second_done; });
    });
    const std::string tag = std::to_string(round);
    home_.WriteConfig(Account("first", first, home_.home() + "/first" + tag) +
                      Account("second", second, home_.home() + "/second" + tag));
    RunResult run = home_.Run({"-j8", "-Q", "first", "second"});
    ASSERT_TRUE(run.ok()) << run.Describe();
    EXPECT_TRUE(second_done);  // the sessions did interleave as intended
    EXPECT_EQ(StatusOrder(run.out), (std::vector<std::string>{"first", "second"})) << run.out;
  }
}

}  // namespace
}  // namespace mpop::testing
