// Round trips and writes of a session against a real Dovecot (issue 17), counted by the
// delay proxy (tests/support/delay_proxy.hpp counts the client's turns after the greeting;
// the counts add 2 for the connection and the greeting). Timing is in bench/.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <string>
#include <vector>

#include "support/delay_proxy.hpp"
#include "support/dovecot_server.hpp"
#include "support/file_identity.hpp"
#include "support/mail_factory.hpp"
#include "support/mpop_runner.hpp"

namespace mpop::testing {
namespace {

using std::chrono::milliseconds;

class RoundTripsTest : public ::testing::Test {
 protected:
  Status Start(std::vector<std::string> mails) {
    DovecotOptions options;
    options.users.push_back({"alice", "alicepw", std::move(mails)});
    MPOP_TRY(server_.Start(std::move(options)));
    auto proxy = DelayProxy::Start({.target_port = server_.pop3_port(), .delay = milliseconds(5)});
    if (!proxy) return std::move(proxy).error();
    proxy_ = std::move(*proxy);
    return {};
  }
  std::string Account(const std::string& maildir, const std::string& extra = "") {
    return DovecotAccount("default", proxy_->port(), "alice", "alicepw", maildir,
                          "uidls_file " + uidls_ + "\n" + extra);
  }

  DovecotServer server_;
  std::unique_ptr<DelayProxy> proxy_;
  MpopHome home_;
  std::string uidls_ = home_.home() + "/uidls";
};

// The floor for a client that deletes only after durable delivery: login with the
// listing, the RETRs, the DELEs with QUIT (issue 17: 5 with the connection). CAPA goes with
// the login, as an earlier session (here --auth-only) remembered PIPELINING.
TEST_F(RoundTripsTest, ThreeHundredNewMailsTakeThreeTurns) {
  const std::vector<std::string> mails = MakeMails(300, {.seed = 5, .size = 4096});
  MPOP_REQUIRE(Start(mails));
  const std::string maildir = home_.MakeMaildir("Mail");
  home_.WriteConfig(Account(maildir));
  RunResult auth_only = home_.Run({"--auth-only"});
  ASSERT_TRUE(auth_only.ok()) << auth_only.Describe();
  proxy_->ResetCounters();
  RunResult run = home_.Run({"-q"});
  ASSERT_TRUE(run.ok()) << run.Describe();
  EXPECT_EQ(FilesIn(maildir + "/new").size(), mails.size());
  EXPECT_EQ(server_.CountMails("alice"), 0u);
  EXPECT_EQ(proxy_->connections(), 1);
  // CAPA with the login and listing, RETRs, DELEs with QUIT.
  EXPECT_LE(proxy_->round_trips(), 3);
}

// A run over kept mails that finds nothing new writes nothing to the state directory: the
// UIDLs file keeps its inode and modification time, and no journal appears.
TEST_F(RoundTripsTest, NothingNewWritesNothingAgainstDovecot) {
  MPOP_REQUIRE(Start(MakeMails(50, {.seed = 6, .size = 1000})));
  const std::string maildir = home_.MakeMaildir("Mail");
  home_.WriteConfig(Account(maildir, "keep on\n"));
  RunResult first = home_.Run({"-q"});
  ASSERT_TRUE(first.ok()) << first.Describe();
  ASSERT_EQ(FilesIn(maildir + "/new").size(), 50u);
  const FileIdentity written = Identify(uidls_);
  const std::string content = ReadFile(uidls_);
  const auto state_files = FilesIn(home_.home());

  proxy_->ResetCounters();
  RunResult second = home_.Run({"-q"});
  ASSERT_TRUE(second.ok()) << second.Describe();
  EXPECT_EQ(FilesIn(maildir + "/new").size(), 50u);
  EXPECT_EQ(server_.CountMails("alice"), 50u);
  EXPECT_TRUE(Identify(uidls_) == written) << "the UIDLs file was rewritten";
  EXPECT_EQ(ReadFile(uidls_), content);
  EXPECT_FALSE(std::filesystem::exists(uidls_ + ".journal"));
  EXPECT_EQ(FilesIn(home_.home()), state_files);
  // CAPA with the login and listing, QUIT (issue 17: 4 with the connection).
  EXPECT_LE(proxy_->round_trips(), 2);
}

}  // namespace
}  // namespace mpop::testing
