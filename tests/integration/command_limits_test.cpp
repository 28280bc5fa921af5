// What mpop does when an MDA or a filter fails or hangs (issue 15 items 6 and 8): the
// MDA's own exit status 75 is reported and passed on; a command that hangs is killed after
// `command_timeout`; either way the mail stays on the server (no DELE) and mpop exits 75,
// and the next run with a working MDA delivers it once.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "support/fake_pop3_server.hpp"
#include "support/mpop_runner.hpp"
#include "support/scripted_server.hpp"

namespace mpop::testing {
namespace {

class CommandLimitsTest : public ::testing::Test {
 protected:
  CommandLimitsTest() : server_(scripted_.Greeting(), scripted_.SocketResponder()) {
    // More than a pipe holds, so an MDA that reads nothing blocks the writer.
    scripted_.SetMails({"Subject: big\n\n" + std::string(256 * 1024, 'b') + "\n"});
  }

  void Configure(const std::string& settings) {
    home_.WriteConfig("account default\nhost 127.0.0.1\nport " + std::to_string(server_.port()) +
                      "\nuser joe\npassword secret\nauth user\ntls off\n" + settings);
  }
  RunResult Fetch(const std::string& settings) {
    Configure(settings);
    return home_.Run({"-q"}, std::chrono::seconds(60));
  }

  bool DeleteSent() const {
    const std::vector<std::string> commands = server_.commands();
    return std::any_of(commands.begin(), commands.end(),
                       [](const std::string& c) { return c.starts_with("DELE"); });
  }

  // The run failed with EX_TEMPFAIL and this line, sent no DELE, and a later run with a
  // working MDA gets the mail, once.
  void ExpectKeptForLater(const RunResult& run, const std::string& line) {
    EXPECT_EQ(run.exit_code, 75) << run.Describe();
    EXPECT_NE(run.err.find("mpop: " + line + "\n"), std::string::npos) << run.err;
    EXPECT_FALSE(DeleteSent());
    ExpectDeliveredOnceLater();
  }

  // A later run with a working MDA gets the mail, once.
  void ExpectDeliveredOnceLater() {
    const std::string maildir = home_.MakeMaildir("Mail");
    RunResult run = Fetch("delivery maildir " + maildir + "\n");
    ASSERT_TRUE(run.ok()) << run.Describe();
    EXPECT_EQ(FilesIn(maildir + "/new").size(), 1u);
    EXPECT_EQ(scripted_.deleted.size(), 1u);
  }

  MpopHome home_;
  ScriptedServer scripted_;
  FakePop3Server server_;
};

TEST_F(CommandLimitsTest, AnMdaThatExits75IsReportedWithItsStatus) {
  ExpectKeptForLater(Fetch("delivery mda exit 75\n"),
                     "delivery to MDA 'exit 75' failed: exit status 75 (EX_TEMPFAIL: temporary "
                     "failure)");
}

TEST_F(CommandLimitsTest, AnMdaThatTakesNoInputIsKilledAfterTheLimit) {
  ExpectKeptForLater(Fetch("delivery mda sleep 60\ncommand_timeout 1\n"),
                     "delivery to MDA 'sleep 60' failed: the command took no input for 1 "
                     "second; killed it and its process group");
}

TEST_F(CommandLimitsTest, AFilterThatDoesNotEndIsKilledAfterTheLimit) {
  const std::string maildir = home_.MakeMaildir("Filtered");
  RunResult run = Fetch("delivery maildir " + maildir +
                        "\nfilter cat > /dev/null; sleep 60\ncommand_timeout 1\n");
  EXPECT_TRUE(FilesIn(maildir + "/new").empty());
  ExpectKeptForLater(run,
                     "filter 'cat > /dev/null; sleep 60' failed for message 1: the command did "
                     "not end within 1 second after its input was complete; killed it and its "
                     "process group");
}

// Upstream has no such command: --pretend stays upstream's unless it is set.
TEST_F(CommandLimitsTest, PretendShowsTheLimitOnlyWhenSet) {
  Configure("delivery mda cat\n");
  RunResult run = home_.Run({"-P"});
  ASSERT_TRUE(run.ok()) << run.Describe();
  EXPECT_EQ(run.out.find("command_timeout"), std::string::npos) << run.out;
  Configure("delivery mda cat\ncommand_timeout 30\n");
  run = home_.Run({"-P"});
  ASSERT_TRUE(run.ok()) << run.Describe();
  EXPECT_TRUE(run.out.ends_with("\nfilter = (not set)\ncommand_timeout = 30 seconds\n")) << run.out;
}

}  // namespace
}  // namespace mpop::testing
