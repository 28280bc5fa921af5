#include "pop3/reply.hpp"

#include <gtest/gtest.h>

namespace mpop::pop3 {
namespace {

struct ParseCase {
  std::string line;
  bool ok;
  bool continuation;
  std::string text;
  std::optional<std::string> code;
};

TEST(ParseReplyTest, Table) {
  const ParseCase cases[] = {
      {"+OK", true, false, "", std::nullopt},
      {"+OK hello there", true, false, "hello there", std::nullopt},
      {"+OK  two spaces", true, false, " two spaces", std::nullopt},
      {"-ERR", false, false, "", std::nullopt},
      {"-ERR no such message", false, false, "no such message", std::nullopt},
      // doc/COMPAT.md 10: any word after the sign is accepted.
      {"+YES fine", true, false, "fine", std::nullopt},
      {"-NO bad", false, false, "bad", std::nullopt},
      {"-", false, false, "", std::nullopt},
      // SASL continuations.
      {"+", true, true, "", std::nullopt},
      {"+ ", true, true, "", std::nullopt},
      {"+ PDEyMzQ1Ng==", true, true, "PDEyMzQ1Ng==", std::nullopt},
      // Response codes (RFC 2449, RFC 3206).
      {"-ERR [IN-USE] locked", false, false, "[IN-USE] locked", "IN-USE"},
      {"-ERR [sys/temp] busy", false, false, "[sys/temp] busy", "SYS/TEMP"},
      {"-ERR [AUTH]", false, false, "[AUTH]", "AUTH"},
      {"+OK [XYZ] fine", true, false, "[XYZ] fine", "XYZ"},
      {"-ERR [] empty", false, false, "[] empty", std::nullopt},
      {"-ERR [NOT CLOSED", false, false, "[NOT CLOSED", std::nullopt},
      {"-ERR [A B] space", false, false, "[A B] space", std::nullopt},
      {"-ERR x [AUTH]", false, false, "x [AUTH]", std::nullopt},
  };
  for (const ParseCase& c : cases) {
    SCOPED_TRACE(c.line);
    Result<Reply> reply = ParseReply(c.line);
    ASSERT_TRUE(reply.has_value());
    EXPECT_EQ(reply->ok, c.ok);
    EXPECT_EQ(reply->continuation, c.continuation);
    EXPECT_EQ(reply->text, c.text);
    EXPECT_EQ(reply->response_code, c.code);
    EXPECT_EQ(reply->line, c.line);
  }
}

TEST(ParseReplyTest, RejectsLinesWithoutSign) {
  const std::pair<std::string, std::string> cases[] = {
      {"", "POP3 server sent an invalid reply: \"\""},
      {"OK", "POP3 server sent an invalid reply: \"OK\""},
      {" +OK", "POP3 server sent an invalid reply: \" +OK\""},
      {"* OK IMAP4", "POP3 server sent an invalid reply: \"* OK IMAP4\""},
      {std::string("x\x01y", 3), "POP3 server sent an invalid reply: \"x?y\""},
  };
  for (const auto& [line, message] : cases) {
    Result<Reply> reply = ParseReply(line);
    ASSERT_FALSE(reply.has_value());
    EXPECT_EQ(reply.error().code, ExitCode::kProtocol);
    EXPECT_EQ(reply.error().message, message);
  }
}

TEST(SanitizeServerTextTest, ReplacesControlCharacters) {
  EXPECT_EQ(SanitizeServerText(std::string("a\tb\x1b[0m\x7f\xc3\xa4", 10)), "a?b?[0m?\xc3\xa4");
}

TEST(QuoteServerTextTest, CutsLongText) {
  std::string quoted = QuoteServerText(std::string(300, 'x'));
  EXPECT_EQ(quoted, "\"" + std::string(200, 'x') + "...\"");
}

struct ErrorCase {
  std::string line;
  ExitCode code;
  std::string message;
};

TEST(ReplyErrorTest, ResponseCodesPickTheExitCode) {
  const ErrorCase cases[] = {
      {"-ERR bad password", ExitCode::kNoPerm, "POP3 server rejected PASS: \"-ERR bad password\""},
      {"-ERR [LOGIN-DELAY] wait 5 minutes", ExitCode::kTempFail,
       "POP3 server rejected PASS: \"-ERR [LOGIN-DELAY] wait 5 minutes\" (the server refuses "
       "logins this soon after the last one; try later)"},
      {"-ERR [IN-USE] locked", ExitCode::kTempFail,
       "POP3 server rejected PASS: \"-ERR [IN-USE] locked\" (the mailbox is in use by another "
       "POP3 session; try later)"},
      {"-ERR [SYS/TEMP] disk full", ExitCode::kTempFail,
       "POP3 server rejected PASS: \"-ERR [SYS/TEMP] disk full\" (temporary failure on the "
       "server; try later)"},
      {"-ERR [SYS/TEMP/QUOTA] x", ExitCode::kTempFail,
       "POP3 server rejected PASS: \"-ERR [SYS/TEMP/QUOTA] x\" (temporary failure on the "
       "server; try later)"},
      {"-ERR [SYS/PERM] gone", ExitCode::kUnavailable,
       "POP3 server rejected PASS: \"-ERR [SYS/PERM] gone\" (permanent failure on the server; "
       "ask its administrator)"},
      {"-ERR [AUTH] nope", ExitCode::kNoPerm,
       "POP3 server rejected PASS: \"-ERR [AUTH] nope\" (the credentials were rejected; check "
       "the user name and password)"},
      {"-ERR [AUTHX] other", ExitCode::kNoPerm,
       "POP3 server rejected PASS: \"-ERR [AUTHX] other\""},
      {"-ERR [SYS] vague", ExitCode::kNoPerm, "POP3 server rejected PASS: \"-ERR [SYS] vague\""},
      {"-ERR evil\x1b[31m", ExitCode::kNoPerm, "POP3 server rejected PASS: \"-ERR evil?[31m\""},
  };
  for (const ErrorCase& c : cases) {
    SCOPED_TRACE(c.line);
    Result<Reply> reply = ParseReply(c.line);
    ASSERT_TRUE(reply.has_value());
    Error error = ReplyError(*reply, "POP3 server rejected PASS", ExitCode::kNoPerm);
    EXPECT_EQ(error.code, c.code);
    EXPECT_EQ(error.message, c.message);
    EXPECT_EQ(error.server_message, SanitizeServerText(c.line));
  }
}

TEST(ReplyErrorTest, DefaultCodeForCommands) {
  Result<Reply> reply = ParseReply("-ERR no such message");
  ASSERT_TRUE(reply.has_value());
  Error error = ReplyError(*reply, "POP3 server rejected RETR 3", ExitCode::kProtocol);
  EXPECT_EQ(error,
            (Error{ExitCode::kProtocol, "POP3 server rejected RETR 3: \"-ERR no such message\"",
                   "-ERR no such message"}));
}

}  // namespace
}  // namespace mpop::pop3
