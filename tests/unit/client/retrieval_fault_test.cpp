// The client's retrieval (RunMailboxStage) against a ScriptedServer, with the file system
// calls of delivery and of the UIDLs store going through a fault-injecting FileSystem:
// a journal that cannot be synced, a disk that fills during the journal append, a UIDLs
// rewrite whose rename fails. Each fails with one line, sends no DELE for a mail that is
// not durably recorded, and loses nothing: a later run delivers every mail exactly once.
#include <errno.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <set>
#include <string>

#include "client/retrieval.hpp"
#include "client/session_context.hpp"
#include "support/fake_transport.hpp"
#include "support/faulty_file_system.hpp"
#include "support/mpop_runner.hpp"
#include "support/scripted_server.hpp"
#include "support/temp_dir.hpp"

namespace mpop::client {
namespace {

using ::mpop::testing::Call;
using ::mpop::testing::FakeTransport;
using ::mpop::testing::FaultyFileSystem;
using ::mpop::testing::FilesIn;
using ::mpop::testing::ScopedTempDir;
using ::mpop::testing::ScriptedServer;

class RetrievalFaultTest : public ::testing::Test {
 protected:
  RetrievalFaultTest() {
    server_.mails = {{"u1", "Subject: 1\n\none\n", std::nullopt},
                     {"u2", "Subject: 2\n\ntwo\n", std::nullopt},
                     {"u3", "Subject: 3\n\nthree\n", std::nullopt}};
    for (const char* sub : {"", "/tmp", "/new", "/cur"}) {
      std::filesystem::create_directory(maildir_ + sub);
    }
    account_.host = "pop.example";
    account_.user = "joe";
    account_.delivery = {delivery::FindDeliveryKind("maildir"), maildir_};
    account_.uidls_file = uidls_;
    account_.received_header = false;
  }

  // One session; the server keeps its mails (and what was deleted) between sessions.
  Status Retrieve(const util::FileSystem* fs) {
    FakeTransport transport;
    transport.ServerSends(server_.Greeting());
    transport.set_responder(server_.Responder());
    pop3::Session session(transport, pop3::SessionOptions{true, nullptr});
    EXPECT_TRUE(session.ReadGreeting());
    EXPECT_TRUE(session.UserPass("joe", "secret"));
    pop3::Capabilities capabilities;
    capabilities.capa_supported = true;
    capabilities.uidl = true;
    capabilities.pipelining = true;
    ConsoleLock console;
    AccountOutput out(console, true);
    RunOptions options;
    options.quiet = true;
    SessionContext context{account_, options, out, stop_, identity_, nullptr, 1760000000, fs};
    Status status = RunMailboxStage(context, session, capabilities, net::ConnectionInfo{});
    for (const std::string& line : transport.commands()) {
      if (line.rfind("DELE ", 0) == 0) deles_.push_back(line);
    }
    return status;
  }

  // After a failed session, a normal one must end with every mail delivered once.
  void ExpectNothingLost() {
    Status again = Retrieve(nullptr);
    ASSERT_TRUE(again) << again.error().message;
    // (The failed session's files in tmp/ carry this process's pid: only a later process
    // removes them, RemoveAbandoned in delivery/maildir.cpp.)
    std::multiset<std::string> delivered;
    for (const std::string& file : FilesIn(maildir_ + "/new")) {
      delivered.insert(::mpop::testing::ReadFile(file));
    }
    EXPECT_EQ(delivered, (std::multiset<std::string>{"Subject: 1\n\none\n", "Subject: 2\n\ntwo\n",
                                                     "Subject: 3\n\nthree\n"}));
    EXPECT_EQ(server_.deleted, (std::set<long>{1, 2, 3}));
  }

  ScopedTempDir dir_;
  std::string maildir_ = dir_.File("Mail");
  std::string uidls_ = dir_.File("uidls");
  ScriptedServer server_;
  config::Account account_;
  StopController stop_;
  LocalIdentity identity_{"localhost", "joe"};
  FaultyFileSystem faulty_;
  std::vector<std::string> deles_;
};

TEST_F(RetrievalFaultTest, JournalSyncFails) {
  faulty_.FailNth(Call::kFdatasync, 1, EIO);
  Status status = Retrieve(&faulty_);
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ExitCode::kIoErr);
  EXPECT_EQ(status.error().message, "cannot sync " + uidls_ + ".journal: Input/output error");
  EXPECT_TRUE(deles_.empty());
  EXPECT_TRUE(server_.deleted.empty());
  EXPECT_TRUE(FilesIn(maildir_ + "/new").empty());
  ExpectNothingLost();
}

TEST_F(RetrievalFaultTest, DiskFillsDuringJournalAppend) {
  faulty_.FailWritesTo("/uidls.journal", ENOSPC);
  Status status = Retrieve(&faulty_);
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ExitCode::kIoErr);
  EXPECT_EQ(status.error().message, "cannot write " + uidls_ + ".journal: No space left on device");
  EXPECT_TRUE(deles_.empty());
  EXPECT_TRUE(server_.deleted.empty());
  EXPECT_TRUE(FilesIn(maildir_ + "/new").empty());
  ExpectNothingLost();
}

TEST_F(RetrievalFaultTest, RenameOfUidlsRewriteFails) {
  faulty_.FailNth(Call::kRenameAt, 1, EIO);
  Status status = Retrieve(&faulty_);
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ExitCode::kIoErr);
  const std::string& message = status.error().message;
  const std::string prefix = "cannot rename " + uidls_ + ".";
  const std::string suffix = " to " + uidls_ + ": Input/output error";
  EXPECT_EQ(message.substr(0, prefix.size()), prefix) << message;
  EXPECT_EQ(message.substr(message.size() - suffix.size()), suffix) << message;
  EXPECT_EQ(message.size(), prefix.size() + 6 + suffix.size()) << message;
  // Every mail was journaled durably before its DELE: deleting them was right, and the
  // journal left behind keeps them known.
  EXPECT_EQ(deles_, (std::vector<std::string>{"DELE 1", "DELE 2", "DELE 3"}));
  EXPECT_EQ(FilesIn(maildir_ + "/new").size(), 3u);
  ExpectNothingLost();
}

}  // namespace
}  // namespace mpop::client
