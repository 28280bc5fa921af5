// Accounts that deliver into one inbox run side by side (issue 15 item 13): a maildir takes
// concurrent writers by design and an mbox is locked per mail, so only the UIDLs file
// (and an MDA command) makes accounts wait for each other. Each server here holds its
// session until the other server's session has begun: accounts run one after another
// would leave the first waiting, and the servers would give up waiting after 20 s.
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>

#include "support/fake_pop3_server.hpp"
#include "support/mpop_runner.hpp"
#include "support/scripted_server.hpp"
#include "support/temp_dir.hpp"

namespace mpop::testing {
namespace {

// Counts the sessions that have begun; Await() returns whether `count` began in time.
class Rendezvous {
 public:
  bool Arrive(int count) {
    std::unique_lock lock(mutex_);
    ++arrived_;
    changed_.notify_all();
    return changed_.wait_for(lock, std::chrono::seconds(20), [&] { return arrived_ >= count; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  int arrived_ = 0;
};

class SharedInboxTest : public ::testing::Test {
 protected:
  // A server whose first USER waits for the other server's first USER.
  struct Server {
    Server(const std::string& user, Rendezvous& rendezvous, bool& met)
        : socket(scripted.Greeting(), [this, &rendezvous, &met](const std::string& command) {
            if (command.starts_with("USER ") && !arrived) {
              arrived = true;
              met = rendezvous.Arrive(2) && met;
            }
            return scripted.Answer(command);
          }) {
      scripted.user = user;
      scripted.SetMails({"Subject: " + user + " 1\n\nbody\n", "Subject: " + user + " 2\n\nbody\n"});
    }
    ScriptedServer scripted;
    bool arrived = false;
    FakePop3Server socket;
  };

  std::string Account(const std::string& name, const Server& server,
                      const std::string& delivery) const {
    return "account " + name + "\nhost 127.0.0.1\nport " + std::to_string(server.socket.port()) +
           "\nuser " + server.scripted.user + "\npassword secret\nauth user\ntls off\n" +
           "timeout 60\n" + delivery + "\n";
  }

  RunResult FetchBoth(const std::string& delivery) {
    home_.WriteConfig(Account("a", first_, delivery) + Account("b", second_, delivery));
    return home_.Run({"-q", "a", "b"}, std::chrono::seconds(90));
  }

  MpopHome home_;
  Rendezvous rendezvous_;
  bool met_ = true;  // stays true only if every session met the other in time
  Server first_{"ann", rendezvous_, met_};
  Server second_{"bob", rendezvous_, met_};
};

TEST_F(SharedInboxTest, AccountsIntoOneMaildirRunSideBySide) {
  const std::string maildir = home_.MakeMaildir("Mail");
  RunResult run = FetchBoth("delivery maildir " + maildir);
  ASSERT_TRUE(run.ok()) << run.Describe();
  EXPECT_TRUE(met_) << "the second account's session began only after the first ended";
  EXPECT_EQ(FilesIn(maildir + "/new").size(), 4u);
}

TEST_F(SharedInboxTest, AccountsIntoOneMboxRunSideBySideAndTheirMailsStayWhole) {
  const std::string mbox = home_.home() + "/mbox";
  RunResult run = FetchBoth("delivery mbox " + mbox);
  ASSERT_TRUE(run.ok()) << run.Describe();
  EXPECT_TRUE(met_) << "the second account's session began only after the first ended";
  const std::string content = ReadFile(mbox);
  for (const std::string subject : {"ann 1", "ann 2", "bob 1", "bob 2"}) {
    EXPECT_NE(content.find("\nSubject: " + subject + "\n\nbody\n\n"), std::string::npos) << content;
  }
}

}  // namespace
}  // namespace mpop::testing
