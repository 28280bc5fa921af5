// Only the sizes that matter (issue 17): without killsize, skipsize, a filter or --dry-run
// the scan asks STAT and UIDL but not the whole LIST; the sizes of the new mails come by
// "LIST n", pipelined ahead of the RETRs, and the output stays the same. A server that
// answers "LIST n" badly still works: the run starts again with the whole LIST.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/fake_pop3_server.hpp"
#include "support/mpop_runner.hpp"
#include "support/scripted_server.hpp"

namespace mpop::testing {
namespace {

const std::string kStatus =
    "joe at 127.0.0.1:\nnew: 3 messages in 86 bytes, total: 3 messages in 86 bytes\n";

class ListSizesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    scripted_.SetMails({"Subject: 1\n\nbody\n", "Subject: 2\n\nlonger body\n",
                        "Subject: 3\n\nthe longest body of all\n"});
  }
  void Configure(const FakePop3Server& server, const std::string& extra = "") {
    home_.WriteConfig("account default\nhost 127.0.0.1\nport " + std::to_string(server.port()) +
                      "\nuser joe\npassword secret\nauth user\ntls off\ntimeout 5\n"
                      "delivery maildir " +
                      maildir_ + "\nuidls_file " + home_.home() + "/uidls\n" + extra);
  }
  static std::vector<std::string> Lists(const FakePop3Server& server) {
    std::vector<std::string> lists;
    for (const std::string& command : server.commands()) {
      if (command.starts_with("LIST")) lists.push_back(command);
    }
    return lists;
  }

  ScriptedServer scripted_;
  MpopHome home_;
  std::string maildir_ = home_.MakeMaildir("Mail");
};

TEST_F(ListSizesTest, NewMailsAreSizedOneByOneAndNothingNewAsksNoSize) {
  FakePop3Server server(scripted_.Greeting(), scripted_.SocketResponder());
  Configure(server, "keep on\n");
  RunResult first = home_.Run({});
  ASSERT_TRUE(first.ok()) << first.Describe();
  EXPECT_TRUE(first.out.starts_with(kStatus)) << first.out;
  EXPECT_EQ(Lists(server), (std::vector<std::string>{"LIST 1", "LIST 2", "LIST 3"}));
  EXPECT_EQ(FilesIn(maildir_ + "/new").size(), 3u);

  scripted_.SetMails({"Subject: 1\n\nbody\n", "Subject: 2\n\nlonger body\n",
                      "Subject: 3\n\nthe longest body of all\n", "Subject: 4\n\nfour\n"});
  RunResult second = home_.Run({});
  ASSERT_TRUE(second.ok()) << second.Describe();
  EXPECT_EQ(Lists(server), (std::vector<std::string>{"LIST 1", "LIST 2", "LIST 3", "LIST 4"}));
  EXPECT_EQ(FilesIn(maildir_ + "/new").size(), 4u);

  RunResult third = home_.Run({});
  ASSERT_TRUE(third.ok()) << third.Describe();
  EXPECT_EQ(third.out, "joe at 127.0.0.1:\nnew: no messages, total: 4 messages in 106 bytes\n");
  EXPECT_EQ(Lists(server).size(), 4u) << "nothing new: no LIST at all";
}

// -ERR to "LIST n": the sizes come from the whole LIST instead, in the same session.
TEST_F(ListSizesTest, StatusOnlyFallsBackToTheWholeList) {
  scripted_.overrides["LIST 2"] = "-ERR not like this\r\n";
  FakePop3Server server(scripted_.Greeting(), scripted_.SocketResponder());
  Configure(server);
  RunResult run = home_.Run({"--status-only"});
  ASSERT_TRUE(run.ok()) << run.Describe();
  EXPECT_EQ(run.out, kStatus);
  EXPECT_EQ(Lists(server), (std::vector<std::string>{"LIST 1", "LIST 2", "LIST 3", "LIST"}));
  // The same words as when the whole LIST is asked from the start (skipsize needs it).
  RunResult whole = home_.Run({"--status-only", "--skipsize=1000000"});
  ASSERT_TRUE(whole.ok()) << whole.Describe();
  EXPECT_EQ(whole.out, run.out);
}

// "LIST n" answered with the whole listing (a multi-line reply): the replies no longer
// match the commands, so that session ends without QUIT and without a mail, and the next
// one asks the whole LIST. The output is that of one run.
TEST_F(ListSizesTest, RetrievalStartsAgainWithTheWholeList) {
  const std::string whole = scripted_.Respond("LIST");
  for (const char* command : {"LIST 1", "LIST 2", "LIST 3"}) scripted_.overrides[command] = whole;
  FakePop3Server server(scripted_.Greeting(), scripted_.SocketResponder());
  Configure(server);
  RunResult run = home_.Run({});
  ASSERT_TRUE(run.ok()) << run.Describe();
  EXPECT_TRUE(run.out.starts_with(kStatus)) << run.out;
  EXPECT_EQ(run.out.find("new:", kStatus.size()), std::string::npos) << run.out;
  EXPECT_EQ(FilesIn(maildir_ + "/new").size(), 3u);
  EXPECT_EQ(scripted_.deleted.size(), 3u);
  const std::vector<std::string> lists = Lists(server);
  ASSERT_FALSE(lists.empty());
  EXPECT_EQ(lists.back(), "LIST");
}

}  // namespace
}  // namespace mpop::testing
