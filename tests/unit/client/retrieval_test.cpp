// RunMailboxStage (client/retrieval.hpp) against ScriptedServer over a FakeTransport:
// which mails are retrieved, delivered, recorded and deleted, in which order.

#include "client/retrieval.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/client_session.hpp"
#include "support/mpop_runner.hpp"

namespace mpop::testing {
namespace {

class RetrievalTest : public ::testing::Test {
 protected:
  RetrievalTest() {
    s_.server.SetMails(
        {"Subject: one\n\nfirst\n", "Subject: two\n\nsecond\n", "Subject: three\n\n.dotted\n"});
  }

  // Logs in, reads CAPA and runs the mailbox stage. Records, for every DELE the server
  // reads, how many mails were in new/ at that moment.
  Status Run() {
    pop3::Session& session = s_.Connect();
    s_.transport->set_responder([this](std::string_view line) {
      if (line.rfind("DELE ", 0) == 0) published_at_dele_.push_back(s_.Delivered().size());
      return s_.server.Respond(line);
    });
    auto capabilities = session.Capa();
    EXPECT_TRUE(capabilities);
    EXPECT_TRUE(session.UserPass(s_.server.user, s_.server.password));
    return client::RunMailboxStage(s_.Context(), session, *capabilities, net::ConnectionInfo{});
  }

  std::vector<std::string> Commands(std::string_view verb) const {
    std::vector<std::string> found;
    for (const std::string& line : s_.transport->commands()) {
      if (line.rfind(verb, 0) == 0) found.push_back(line);
    }
    return found;
  }

  ClientSession s_;
  std::vector<std::size_t> published_at_dele_;
};

TEST_F(RetrievalTest, KeepOffDeletesEachMailOnlyAfterItWasDelivered) {
  Status status = Run();
  ASSERT_TRUE(status) << status.error().message;
  EXPECT_EQ(s_.Delivered().size(), 3u);
  EXPECT_EQ(Commands("RETR"), (std::vector<std::string>{"RETR 1", "RETR 2", "RETR 3"}));
  EXPECT_EQ(Commands("DELE"), (std::vector<std::string>{"DELE 1", "DELE 2", "DELE 3"}));
  // Every DELE reached the server when all three mails were already published.
  EXPECT_EQ(published_at_dele_, (std::vector<std::size_t>{3, 3, 3}));
  EXPECT_EQ(s_.transport->commands().back(), "QUIT");
  EXPECT_EQ(s_.server.deleted, (std::set<long>{1, 2, 3}));
}

TEST_F(RetrievalTest, KeepOnRetrievesOnceAndDeletesNothing) {
  s_.account.keep_seconds = config::kKeepForever;
  Status status = Run();
  ASSERT_TRUE(status) << status.error().message;
  EXPECT_EQ(s_.Delivered().size(), 3u);
  EXPECT_TRUE(Commands("DELE").empty());
  for (const char* uid : {"uid-1", "uid-2", "uid-3"}) {
    EXPECT_NE(s_.Uidls().find(std::string("\n") + uid + " "), std::string::npos) << s_.Uidls();
  }
  // The second session knows every UID: nothing is retrieved again.
  status = Run();
  ASSERT_TRUE(status) << status.error().message;
  EXPECT_EQ(s_.Delivered().size(), 3u);
  EXPECT_TRUE(Commands("RETR").empty());
}

TEST_F(RetrievalTest, DeliveredMailIsTheBodyWithAReceivedHeader) {
  ASSERT_TRUE(Run());
  std::vector<std::string> files = s_.Delivered();
  ASSERT_EQ(files.size(), 3u);
  bool found = false;
  for (const std::string& file : files) {
    const std::string mail = ::mpop::testing::ReadFile(file);
    EXPECT_EQ(mail.rfind("Received: ", 0), 0u) << mail;
    found |= mail.find("\n\n.dotted\n") != std::string::npos &&
             mail.find("Subject: three\n") != std::string::npos;
  }
  EXPECT_TRUE(found) << "the dot-stuffed line came back unstuffed";
}

TEST_F(RetrievalTest, RejectedRetrKeepsWhatCameBeforeAndSendsNoQuit) {
  s_.server.overrides["RETR 2"] = "-ERR [SYS/TEMP] disk on fire\r\n";
  Status status = Run();
  ASSERT_FALSE(status);
  const std::string reply = "-ERR [SYS/TEMP] disk on fire";
  const std::string hint = " (temporary failure on the server; try later)";
  EXPECT_EQ(
      status.error(),
      (Error{ExitCode::kTempFail, "POP3 server rejected RETR 2: \"" + reply + "\"" + hint, reply}));
  EXPECT_EQ(s_.Delivered().size(), 1u);
  EXPECT_TRUE(Commands("QUIT").empty());
  EXPECT_TRUE(FilesIn(s_.maildir() + "/tmp").empty());
}

}  // namespace
}  // namespace mpop::testing
