#include "client/session_reporters.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mpop::client {
namespace {

TEST(SessionReportersTest, ChainCallsBothInOrderAndSkipsAnEmptyOne) {
  std::vector<std::string> calls;
  AccountEndFunction first = [&](const AccountReport& r) { calls.push_back("1 " + r.account); };
  AccountEndFunction second = [&](const AccountReport& r) { calls.push_back("2 " + r.account); };
  AccountReport report;
  report.account = "isp";
  ChainAccountEnd(first, second)(report);
  ChainAccountEnd(nullptr, second)(report);
  ChainAccountEnd(first, nullptr)(report);
  EXPECT_EQ(calls, (std::vector<std::string>{"1 isp", "2 isp", "2 isp", "1 isp"}));
}

TEST(SessionReportersTest, LogFileDashAndJsonBothWantStandardOutput) {
  config::Account account;
  account.name = "isp";
  account.logfile = "-";
  Result<AccountEndFunction> refused = OpenSessionReporters({.json = true}, {account});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error(),
            Error::Usage("cannot use both --json and logfile - (standard output) in account isp"));
  EXPECT_TRUE(OpenSessionReporters({.json = false}, {account}));
}

}  // namespace
}  // namespace mpop::client
