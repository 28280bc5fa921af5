// --metrics-file (issue 19): Prometheus' textfile format after each account session,
// accepted by `promtool check metrics`; counters go on across runs, and accounts not in a
// run keep their values.

#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "support/dovecot_server.hpp"
#include "support/mail_factory.hpp"
#include "support/mpop_runner.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace mpop::testing {
namespace {

constexpr const char* kPromtool = "/usr/bin/promtool";

RunResult Promtool(const std::string& path) {
  return RunToResult(
      {.argv = {"/bin/sh", "-c", std::string(kPromtool) + " check metrics < \"$1\"", "sh", path}});
}

// The value of one sample line ("name{labels}"), or "" if the file has none.
std::string Sample(const std::string& text, const std::string& series) {
  const std::string start = series + " ";
  std::size_t at = text.find("\n" + start);
  if (at == std::string::npos) return "";
  at += 1 + start.size();
  return text.substr(at, text.find('\n', at) - at);
}

class MetricsFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    MPOP_REQUIRE(RequireExecutable(kPromtool));
    MPOP_REQUIRE(server_.Start(
        {.users = {{"alice", "alicepw", MakeMails(3, {})}, {"bob", "bobpw", MakeMails(2, {})}}}));
    maildir_ = home_.MakeMaildir("Mail");
    metrics_ = home_.home() + "/textfile/mpop.prom";
    home_.WriteConfig(DovecotAccount("alice", server_.pop3_port(), "alice", "alicepw", maildir_) +
                      DovecotAccount("bob", server_.pop3_port(), "bob", "bobpw", maildir_) +
                      DovecotAccount("wrong", server_.pop3_port(), "bob", "nope", maildir_));
    MakeMaildir(home_.home() + "/textfile");
  }

  DovecotServer server_;
  MpopHome home_;
  std::string maildir_;
  std::string metrics_;
};

TEST_F(MetricsFileTest, PromtoolAcceptsItAndCountersGoOnAcrossRuns) {
  const auto before = std::time(nullptr);
  RunResult run = home_.Run({"-q", "-j3", "--metrics-file=" + metrics_, "alice", "wrong"});
  EXPECT_EQ(run.exit_code, 77) << run.Describe();
  std::string text = ReadFile(metrics_);
  RunResult check = Promtool(metrics_);
  EXPECT_TRUE(check.ok()) << check.Describe() << check.out << text;
  EXPECT_EQ(Sample(text, "mpop_mails_fetched_total{account=\"alice\"}"), "3");
  EXPECT_EQ(Sample(text, "mpop_bytes_fetched_total{account=\"alice\"}"), "3070");
  EXPECT_EQ(Sample(text, "mpop_sessions_total{account=\"alice\"}"), "1");
  EXPECT_EQ(Sample(text, "mpop_last_exit_code{account=\"wrong\"}"), "77");
  EXPECT_EQ(Sample(text, "mpop_last_success_timestamp_seconds{account=\"wrong\"}"), "0");
  EXPECT_EQ(Sample(text, "mpop_failures_total{account=\"wrong\",kind=\"noperm\"}"), "1");
  const double attempt =
      std::stod(Sample(text, "mpop_last_attempt_timestamp_seconds{account=\"alice\"}"));
  EXPECT_GE(attempt, static_cast<double>(before));
  EXPECT_LE(attempt, static_cast<double>(std::time(nullptr)) + 1);
  EXPECT_EQ(Sample(text, "mpop_last_success_timestamp_seconds{account=\"alice\"}"),
            Sample(text, "mpop_last_attempt_timestamp_seconds{account=\"alice\"}"));
  EXPECT_NE(Sample(text, "mpop_last_session_duration_seconds{account=\"alice\"}"), "");

  // Another run with other accounts: alice's values stay, wrong's failures add up.
  run = home_.Run({"-q", "--metrics-file=" + metrics_, "bob", "wrong"});
  EXPECT_EQ(run.exit_code, 77) << run.Describe();
  text = ReadFile(metrics_);
  check = Promtool(metrics_);
  EXPECT_TRUE(check.ok()) << check.Describe() << check.out << text;
  EXPECT_EQ(Sample(text, "mpop_mails_fetched_total{account=\"alice\"}"), "3");
  EXPECT_EQ(Sample(text, "mpop_mails_fetched_total{account=\"bob\"}"), "2");
  EXPECT_EQ(Sample(text, "mpop_failures_total{account=\"wrong\",kind=\"noperm\"}"), "2");
  EXPECT_EQ(Sample(text, "mpop_sessions_total{account=\"wrong\"}"), "2");

  // Nothing is left beside it (the temporary file was renamed).
  EXPECT_EQ(FilesIn(home_.home() + "/textfile"), (std::vector<std::string>{metrics_}));
}

TEST_F(MetricsFileTest, PromtoolRejectsABrokenFileSoTheCheckCanFail) {
  WriteFile(metrics_, "# TYPE x counter\nx{account=\"a\" 1\n");
  EXPECT_FALSE(Promtool(metrics_).ok());
}

TEST_F(MetricsFileTest, AnUnreadableMetricsFileStopsBeforeAnyAccount) {
  MakeMaildir(metrics_);  // a directory cannot be read as the file
  RunResult run = home_.Run({"-q", "--metrics-file=" + metrics_, "alice"});
  EXPECT_EQ(run.exit_code, 74);
  EXPECT_EQ(run.err, "mpop: cannot read metrics file " + metrics_ + ": Is a directory\n");
  EXPECT_EQ(server_.CountMails("alice"), 3u);
}

}  // namespace
}  // namespace mpop::testing
