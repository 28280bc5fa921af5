#include "client/metrics_file.hpp"

#include <gtest/gtest.h>

#include <string>

namespace mpop::client {
namespace {

AccountReport Session(std::string account, ExitCode code, std::size_t retrieved,
                      std::uint64_t bytes) {
  AccountReport report;
  report.account = std::move(account);
  report.host = "pop.example.org";
  report.started = std::chrono::system_clock::time_point(std::chrono::seconds(1000));
  report.seconds = std::chrono::duration<double>(2.5);
  report.code = code;
  report.retrieved = retrieved;
  report.bytes = bytes;
  return report;
}

TEST(MetricsFileTest, SessionsAddUpAndFailuresCountByKind) {
  Metrics metrics;
  AddSession(metrics, Session("isp", ExitCode::kOk, 3, 300));
  AddSession(metrics, Session("isp", ExitCode::kTempFail, 0, 0));
  AddSession(metrics, Session("isp", ExitCode::kTempFail, 1, 10));
  const AccountMetrics& isp = metrics.at("isp");
  EXPECT_EQ(isp.sessions, 3u);
  EXPECT_EQ(isp.mails, 4u);
  EXPECT_EQ(isp.bytes, 310u);
  EXPECT_EQ(isp.failures, (std::map<std::string, std::uint64_t>{{"tempfail", 2}}));
  EXPECT_EQ(isp.last_attempt, 1002.5);
  EXPECT_EQ(isp.last_success, 1002.5);
  EXPECT_EQ(isp.last_exit_code, 75);
  // The --host account is labelled with its host.
  AddSession(metrics, Session("", ExitCode::kOk, 0, 0));
  EXPECT_TRUE(metrics.contains("pop.example.org"));
}

TEST(MetricsFileTest, TheTextReadsBackAndEscapesLabels) {
  Metrics metrics;
  AddSession(metrics, Session("a \"quoted\" \\ name", ExitCode::kNoPerm, 0, 0));
  AddSession(metrics, Session("b", ExitCode::kOk, 7, 7000));
  const std::string text = FormatMetrics(metrics);
  EXPECT_NE(
      text.find("mpop_failures_total{account=\"a \\\"quoted\\\" \\\\ name\",kind=\"noperm\"} 1\n"),
      std::string::npos)
      << text;
  EXPECT_NE(text.find("# TYPE mpop_mails_fetched_total counter\n"), std::string::npos);
  EXPECT_NE(text.find("mpop_mails_fetched_total{account=\"b\"} 7\n"), std::string::npos);
  EXPECT_EQ(ParseMetrics(text), metrics);
  // Lines it did not write are skipped.
  EXPECT_EQ(ParseMetrics("other_metric 3\ngarbage{\nmpop_sessions_total{account=\"x\"} nan?\n"),
            Metrics{});
}

}  // namespace
}  // namespace mpop::client
