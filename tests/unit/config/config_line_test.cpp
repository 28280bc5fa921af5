// Splitting mpoprc lines into command and argument (doc/COMPAT.md 6); cases checked against
// Debian's mpop 1.4.18.

#include "config/config_line.hpp"

#include <gtest/gtest.h>

#include <string>

namespace mpop::config {
namespace {

struct Case {
  std::string line;
  std::string command;
  std::string argument;
};

TEST(SplitConfigLineTest, Table) {
  const Case cases[] = {
      {"", "", ""},
      {"   \t ", "", ""},
      {"# comment", "", ""},
      {"  \t# indented comment", "", ""},
      {"#host x", "", ""},
      {"\r", "", ""},
      {"tls", "tls", ""},
      {"tls\r", "tls", ""},      // "\r\n" line end
      {"tls\r\r", "tls\r", ""},  // only one '\r' belongs to the line end
      {"host x", "host", "x"},
      {"\thost\t  x  \t", "host", "x"},
      {"host x # not a comment", "host", "x # not a comment"},
      {"host \"x\"", "host", "x"},
      {"host \"x", "host", "\"x"},
      {"host x\"", "host", "x\""},
      {"host \"x\"y\"", "host", "x\"y"},
      {"host \"\"\"", "host", "\""},
      {"host \"\"", "host", ""},
      {"host \"", "host", "\""},
      {"host \"  \"", "host", "  "},
      {"host  \"a b\"  ", "host", "a b"},
      {"filter \v x", "filter", "\v x"},  // only space and tab are blanks
      {"\vtls", "\vtls", ""},
      {"Host y", "Host", "y"},
      {"delivery mbox \"~/a b\"", "delivery", "mbox \"~/a b\""},
  };
  for (const Case& c : cases) {
    ConfigLine parts = SplitConfigLine(c.line);
    EXPECT_EQ(parts.command, c.command) << "'" << c.line << "'";
    EXPECT_EQ(parts.argument, c.argument) << "'" << c.line << "'";
  }
}

TEST(TrimAndUnquoteTest, OnePairOnly) {
  EXPECT_EQ(TrimAndUnquote(" \"\"x\"\" "), "\"x\"");
  EXPECT_EQ(TrimAndUnquote("\t~/x\t"), "~/x");
  EXPECT_EQ(TrimBlanks(" \"a\" "), "\"a\"");
}

}  // namespace
}  // namespace mpop::config
