// MailBatcher (client/mail_batch.hpp), driven through RunMailboxStage over a FakeTransport
// with more mails than one batch holds: each batch is delivered, recorded in the UIDLs
// journal and published before any of its DELEs reaches the server.

#include "client/mail_batch.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "client/retrieval.hpp"
#include "support/client_session.hpp"

namespace mpop::testing {
namespace {

constexpr std::size_t kMails = client::MailBatcher::kBatchMails + 5;  // two batches

struct AtDele {
  long number;            // the mail the DELE is for
  std::size_t published;  // mails in new/ when the server read it
  bool journaled;         // its UID was in the journal (or the rewritten UIDLs file) by then
};

class MailBatchTest : public ::testing::Test {
 protected:
  MailBatchTest() {
    std::vector<std::string> bodies;
    for (std::size_t i = 1; i <= kMails; ++i) {
      bodies.push_back("Subject: mail " + std::to_string(i) + "\n\nbody " + std::to_string(i) +
                       "\n");
    }
    s_.server.SetMails(bodies);
  }

  Status Run() {
    pop3::Session& session = s_.Connect();
    s_.transport->set_responder([this](std::string_view line) {
      if (line.rfind("DELE ", 0) == 0) {
        const long number = std::stol(std::string(line.substr(5)));
        const std::string uid = s_.server.mails[number - 1].uid;
        const std::string recorded =
            ReadFile(s_.account.uidls_file + ".journal") + ReadFile(s_.account.uidls_file);
        at_dele_.push_back({number, s_.Delivered().size(),
                            recorded.find(uid + "\n") != std::string::npos ||
                                recorded.find(uid + " ") != std::string::npos});
      }
      return s_.server.Respond(line);
    });
    auto capabilities = session.Capa();
    EXPECT_TRUE(capabilities);
    EXPECT_TRUE(session.UserPass(s_.server.user, s_.server.password));
    return client::RunMailboxStage(s_.Context(), session, *capabilities, net::ConnectionInfo{});
  }

  ClientSession s_;
  std::vector<AtDele> at_dele_;
};

TEST_F(MailBatchTest, EachBatchIsRecordedAndPublishedBeforeItsDeletes) {
  Status status = Run();
  ASSERT_TRUE(status) << status.error().message;
  EXPECT_EQ(s_.Delivered().size(), kMails);
  ASSERT_EQ(at_dele_.size(), kMails);
  for (const AtDele& dele : at_dele_) {
    SCOPED_TRACE(dele.number);
    // Published: its batch, and so it and every mail before it, is in new/ (batches end
    // after kBatchMails mails, or earlier when a second has passed on a slow machine).
    EXPECT_GE(dele.published, static_cast<std::size_t>(dele.number));
    EXPECT_TRUE(dele.journaled);
  }
}

TEST_F(MailBatchTest, KeptMailsAreRecordedWithoutAnyDelete) {
  s_.account.keep_seconds = config::kKeepForever;
  Status status = Run();
  ASSERT_TRUE(status) << status.error().message;
  EXPECT_EQ(s_.Delivered().size(), kMails);
  EXPECT_TRUE(at_dele_.empty());
  EXPECT_NE(s_.Uidls().find("\nuid-" + std::to_string(kMails) + " "), std::string::npos);
}

// A big first fetch must not look stalled (issue 15 item 14): a batch is also committed
// once a second has passed since it began, so mails appear in new/ as they arrive. The
// clock jumps 2 s per reading and records how many mails were published by then.
TEST_F(MailBatchTest, ABatchIsPublishedOnceASecondHasPassed) {
  std::vector<std::size_t> published_at_reading;
  auto now = std::chrono::steady_clock::time_point();
  s_.clock = [&] {
    published_at_reading.push_back(s_.Delivered().size());
    now += std::chrono::seconds(2);
    return now;
  };
  Status status = Run();
  ASSERT_TRUE(status) << status.error().message;
  EXPECT_EQ(s_.Delivered().size(), kMails);
  // Long before the first batch of kBatchMails mails is full, mails are in new/: each mail
  // ends a batch, which is published when the next one is committed.
  ASSERT_GT(published_at_reading.size(), 10u);
  EXPECT_GE(published_at_reading[10], 3u);
}

}  // namespace
}  // namespace mpop::testing
