// util/error.hpp FormatErrorLines: the server's words are printed once (issue #15 item 9).

#include <gtest/gtest.h>

#include "util/error.hpp"

namespace mpop {
namespace {

TEST(FormatErrorLinesTest, OurErrorAlone) {
  EXPECT_EQ(FormatErrorLines(Error::Config("no host"), "mpop"), "mpop: no host\n");
}

TEST(FormatErrorLinesTest, QuotedServerWordsAreNotRepeated) {
  const Error error{ExitCode::kNoPerm, "POP3 server rejected PASS: \"-ERR no\" (check it)",
                    "-ERR no"};
  EXPECT_EQ(FormatErrorLines(error, "mpop"),
            "mpop: POP3 server rejected PASS: \"-ERR no\" (check it)\n");
}

TEST(FormatErrorLinesTest, CutOrMissingQuoteGetsTheServerLine) {
  const Error cut{ExitCode::kProtocol, "POP3 server rejected RETR 1: \"-ERR long...\"",
                  "-ERR long text"};
  EXPECT_EQ(FormatErrorLines(cut, "mpop"),
            "mpop: POP3 server rejected RETR 1: \"-ERR long...\"\n"
            "mpop: POP3 server message: -ERR long text\n");
  const Error unquoted{ExitCode::kNoPerm, "authentication failed", "-ERR no"};
  EXPECT_EQ(FormatErrorLines(unquoted, "mpop"),
            "mpop: authentication failed\nmpop: POP3 server message: -ERR no\n");
}

}  // namespace
}  // namespace mpop
