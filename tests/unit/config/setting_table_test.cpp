// A setting is one row of the settings table (config/setting_table.hpp): here a table
// with one throw-away row more, and everything a setting does follows from that row alone:
// the mpoprc command, inheritance, the command-line option, --help's list and --pretend.
// The row stores into an existing member (a test cannot add one to Account), so the
// member's own row stays untouched: timeout_seconds keeps its default of 180 s unless the
// new row sets it.
#include "config/setting_table.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "config/command_line.hpp"
#include "config/config_file.hpp"
#include "config/option_table.hpp"
#include "config/pretend.hpp"
#include "config/setting_kinds.hpp"

namespace mpop::config {
namespace {

class ThrowAwaySettingTest : public ::testing::Test {
 protected:
  ThrowAwaySettingTest() : rows_(SettingRows().begin(), SettingRows().end()), table_(rows_) {
    rows_.push_back(kinds::Row<&Account::timeout_seconds, kinds::Timeout>(
        "test_patience", OptionGroup::kConfiguration,
        {"test-patience", '\0', OptionArg::kRequired, "=SECONDS", "how long to wait (test)"},
        "test_patience"));
    table_ = SettingTable(rows_);
  }

  Result<ConfigFile> Parse(std::string_view text) {
    ParseOptions options;
    options.settings = &table_;
    return ParseConfig(text, "test.rc", std::move(options));
  }

  Result<CommandLine> ParseArgs(std::vector<std::string> args) {
    args.insert(args.begin(), "mpop");
    std::vector<char*> argv;
    for (std::string& arg : args) argv.push_back(arg.data());
    return ParseCommandLine(static_cast<int>(argv.size()), argv.data(), table_);
  }

  std::vector<SettingRow> rows_;
  SettingTable table_;
};

TEST_F(ThrowAwaySettingTest, IsParsedAndInheritedFromTheFile) {
  Result<ConfigFile> file = Parse("account a\ntest_patience 42\naccount b : a\nhost h\n");
  ASSERT_TRUE(file.has_value()) << file.error().message;
  EXPECT_EQ(file->accounts[0].timeout_seconds, 42);
  EXPECT_EQ(file->accounts[1].timeout_seconds, 42);  // inherited through `: a`
  EXPECT_EQ(Parse("account a\nhost h\n")->accounts[0].timeout_seconds, 180);
}

TEST_F(ThrowAwaySettingTest, ABadValueIsAnErrorWithFileAndLine) {
  Result<ConfigFile> file = Parse("account a\ntest_patience soon\n");
  ASSERT_FALSE(file.has_value());
  EXPECT_EQ(file.error().message,
            "test.rc: line 2: invalid argument soon for command test_patience");
  // mpop's own table does not know the command.
  Result<ConfigFile> plain = ParseConfig("account a\ntest_patience 42\n", "test.rc");
  ASSERT_FALSE(plain.has_value());
  EXPECT_EQ(plain.error().message, "test.rc: line 2: unknown command test_patience");
}

TEST_F(ThrowAwaySettingTest, IsOverriddenOnTheCommandLine) {
  Result<ConfigFile> file = Parse("account a\ntest_patience 42\n");
  ASSERT_TRUE(file.has_value());
  Result<CommandLine> cl = ParseArgs({"--test-patience=7", "a"});
  ASSERT_TRUE(cl.has_value()) << cl.error().message;
  Account account = file->accounts[0];
  table_.CopyExplicit(cl->overrides, account);
  EXPECT_EQ(account.timeout_seconds, 7);

  Result<CommandLine> bad = ParseArgs({"--test-patience=soon"});
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().message, "invalid argument soon for --test-patience");
}

TEST_F(ThrowAwaySettingTest, IsListedByHelpAndPrintedByPretend) {
  bool listed = false;
  for (const OptionSpec& spec : JoinOptions(table_)) {
    listed = listed || std::string_view(spec.long_name) == "test-patience";
  }
  EXPECT_TRUE(listed);
  Result<ConfigFile> file = Parse("account a\ntest_patience 42\n");
  ASSERT_TRUE(file.has_value());
  const std::string pretend = FormatPretend(file->accounts[0], /*retrieval=*/false, table_);
  EXPECT_NE(pretend.find("\ntest_patience = 42 seconds\n"), std::string::npos) << pretend;
  EXPECT_EQ(FormatPretend(file->accounts[0], false).find("test_patience"), std::string::npos);
}

}  // namespace
}  // namespace mpop::config
