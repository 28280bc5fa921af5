// The real mpop against a server that gives two mails the same UID (broken servers, after
// migrations): with keep on, they are retrieved once, their UID is recorded, one warning
// says so, and later runs fetch nothing; a UIDLs file written by Debian's mpop that lists
// the shared UID is honoured.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "support/fake_pop3_server.hpp"
#include "support/mpop_runner.hpp"
#include "support/process.hpp"
#include "support/scripted_server.hpp"
#include "support/temp_dir.hpp"

namespace mpop::testing {
namespace {

constexpr char kWarning[] =
    "mpop: warning: the POP3 server gave messages 1 and 2 a UID shared with another message; "
    "they are retrieved this once, then count as old together\n";

class SharedUidTest : public ::testing::Test {
 protected:
  SharedUidTest()
      : maildir_(home_.MakeMaildir("Mail")),
        server_(scripted_.Greeting(), [this](const std::string& command) {
          return FakeReply{scripted_.Respond(command)};
        }) {
    scripted_.mails = {{"dup", "Subject: a\n\nfirst\n", std::nullopt},
                       {"dup", "Subject: b\n\nsecond\n", std::nullopt},
                       {"solo", "Subject: c\n\nthird\n", std::nullopt}};
  }

  std::string Config(const std::string& maildir, const std::string& uidls) const {
    return "account default\nhost 127.0.0.1\nport " + std::to_string(server_.port()) +
           "\nuser joe\npassword secret\nauth user\ntls off\ntimeout 5\nkeep on\n"
           "delivery maildir " +
           maildir + "\nuidls_file " + uidls + "\n";
  }

  RunResult Fetch() {
    home_.WriteConfig(Config(maildir_, uidls_));
    return home_.Run({"-q"}, std::chrono::seconds(30));
  }

  std::size_t Delivered() const { return FilesIn(maildir_ + "/new").size(); }

  MpopHome home_;
  std::string maildir_;
  std::string uidls_ = home_.home() + "/uidls";
  ScriptedServer scripted_;
  FakePop3Server server_;
};

TEST_F(SharedUidTest, FetchedOnceWarnedOnceOverThreeRuns) {
  RunResult first = Fetch();
  ASSERT_TRUE(first.ok()) << first.Describe();
  EXPECT_EQ(first.err, kWarning);
  EXPECT_EQ(Delivered(), 3u);
  for (int run = 2; run <= 3; ++run) {
    RunResult again = Fetch();
    ASSERT_TRUE(again.ok()) << again.Describe();
    EXPECT_EQ(again.err, "") << "run " << run;
    EXPECT_EQ(Delivered(), 3u) << "run " << run;
  }
  EXPECT_TRUE(scripted_.deleted.empty());
  EXPECT_NE(ReadFile(uidls_).find("\ndup "), std::string::npos) << ReadFile(uidls_);
}

TEST_F(SharedUidTest, SharedUidInUpstreamFileIsHonoured) {
  const char* upstream = "/usr/bin/mpop";
  if (::access(upstream, X_OK) != 0) GTEST_SKIP() << upstream << " not installed";
  ScopedTempDir upstream_home;
  std::string upstream_maildir = upstream_home.File("Mail");
  for (const char* sub : {"", "/tmp", "/new", "/cur"}) {
    ASSERT_EQ(::mkdir((upstream_maildir + sub).c_str(), 0700), 0);
  }
  WriteFile(upstream_home.File(".mpoprc"), Config(upstream_maildir, uidls_));
  ::chmod(upstream_home.File(".mpoprc").c_str(), 0600);
  Result<RunResult> theirs = RunCommand({.argv = {upstream, "-q"},
                                         .env = {{"HOME", upstream_home.path().string()}},
                                         .unset_env = {"MPOPRC"}});
  ASSERT_TRUE(theirs) << theirs.error().message;
  ASSERT_TRUE(theirs->ok()) << theirs->Describe();
  ASSERT_EQ(FilesIn(upstream_maildir + "/new").size(), 3u);

  RunResult ours = Fetch();
  ASSERT_TRUE(ours.ok()) << ours.Describe();
  EXPECT_EQ(ours.err, "");
  EXPECT_EQ(Delivered(), 0u);
  EXPECT_TRUE(scripted_.deleted.empty());
}

}  // namespace
}  // namespace mpop::testing
