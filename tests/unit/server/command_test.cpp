#include "server/command.hpp"

#include <gtest/gtest.h>

namespace mpop::server {
namespace {

TEST(CommandTest, Split) {
  Command command = ParseCommand("top 1  20 ");
  EXPECT_EQ(command.keyword, "TOP");
  EXPECT_TRUE(command.has_rest);
  EXPECT_EQ(command.rest, "1  20 ");
  EXPECT_EQ(command.args, (std::vector<std::string_view>{"1", "20"}));

  command = ParseCommand("PASS  two words ");
  EXPECT_EQ(command.rest, " two words ");

  command = ParseCommand("STAT");
  EXPECT_EQ(command.keyword, "STAT");
  EXPECT_FALSE(command.has_rest);
  EXPECT_TRUE(command.args.empty());

  command = ParseCommand("");
  EXPECT_EQ(command.keyword, "");
  EXPECT_FALSE(command.has_rest);

  command = ParseCommand("NoOp ");
  EXPECT_EQ(command.keyword, "NOOP");
  EXPECT_TRUE(command.has_rest);
  EXPECT_TRUE(command.args.empty());
}

TEST(CommandTest, Numbers) {
  EXPECT_EQ(ParseNumber("0"), 0u);
  EXPECT_EQ(ParseNumber("007"), 7u);
  EXPECT_EQ(ParseNumber("18446744073709551615"), UINT64_MAX);
  EXPECT_EQ(ParseNumber("18446744073709551616"), UINT64_MAX);
  EXPECT_EQ(ParseNumber("99999999999999999999999999"), UINT64_MAX);
  EXPECT_EQ(ParseNumber(""), std::nullopt);
  EXPECT_EQ(ParseNumber("-1"), std::nullopt);
  EXPECT_EQ(ParseNumber("+1"), std::nullopt);
  EXPECT_EQ(ParseNumber(" 1"), std::nullopt);
  EXPECT_EQ(ParseNumber("1x"), std::nullopt);
  EXPECT_EQ(ParseNumber("0x10"), std::nullopt);
}

}  // namespace
}  // namespace mpop::server
