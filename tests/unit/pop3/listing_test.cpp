#include "pop3/listing.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mpop::pop3 {
namespace {

TEST(ParseStatTest, Valid) {
  const std::pair<std::string, MailboxStat> cases[] = {
      {"0 0", {0, 0}},
      {"2 320", {2, 320}},
      {"2  320", {2, 320}},
      {" 2 320", {2, 320}},
      {"2 320 extra words", {2, 320}},
      {"1000000 18446744073709551615", {1000000, 18446744073709551615u}},
  };
  for (const auto& [text, stat] : cases) {
    SCOPED_TRACE(text);
    Result<MailboxStat> result = ParseStat(text);
    ASSERT_TRUE(result.has_value()) << result.error().message;
    EXPECT_EQ(*result, stat);
  }
}

TEST(ParseStatTest, Invalid) {
  const std::pair<std::string, std::string> cases[] = {
      {"", "POP3 server sent an invalid STAT reply: \"\""},
      {"2", "POP3 server sent an invalid STAT reply: \"2\""},
      {"-1 5", "POP3 server sent an invalid STAT reply: \"-1 5\""},
      {"2 -5", "POP3 server sent an invalid STAT reply: \"2 -5\""},
      {"2x 5", "POP3 server sent an invalid STAT reply: \"2x 5\""},
      {"2 5x", "POP3 server sent an invalid STAT reply: \"2 5x\""},
      {"mailbox has 2", "POP3 server sent an invalid STAT reply: \"mailbox has 2\""},
      {"99999999999999999999 1",
       "POP3 server sent an invalid STAT reply: \"99999999999999999999 1\""},
      {"2 18446744073709551616",
       "POP3 server sent an invalid STAT reply: \"2 18446744073709551616\""},
      {"1000001 5", "POP3 server reports 1000001 messages; more than 1000000 are not supported"},
  };
  for (const auto& [text, message] : cases) {
    SCOPED_TRACE(text);
    Result<MailboxStat> result = ParseStat(text);
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code, ExitCode::kProtocol);
    EXPECT_EQ(result.error().message, message);
  }
}

Result<std::vector<std::uint64_t>> ParseList(long count, const std::vector<std::string>& lines) {
  ListParser parser(count);
  for (const std::string& line : lines) MPOP_TRY(parser.AddLine(line));
  return parser.Finish();
}

Result<UidList> ParseUidl(long count, const std::vector<std::string>& lines) {
  UidlParser parser(count);
  for (const std::string& line : lines) MPOP_TRY(parser.AddLine(line));
  return parser.Finish();
}

TEST(ListParserTest, Valid) {
  auto sizes = ParseList(3, {"1 100", "3  300", "2 200 extra"});
  ASSERT_TRUE(sizes.has_value()) << sizes.error().message;
  EXPECT_EQ(*sizes, (std::vector<std::uint64_t>{100, 200, 300}));
  auto empty = ParseList(0, {});
  ASSERT_TRUE(empty.has_value());
  EXPECT_TRUE(empty->empty());
}

struct InvalidCase {
  long count;
  std::vector<std::string> lines;
  std::string message;
};

TEST(ListParserTest, Invalid) {
  const InvalidCase cases[] = {
      {2, {"1 100"}, "POP3 server did not list message 2 in its LIST reply"},
      {2, {"1 100", "1 100", "2 5"}, "POP3 server listed message 1 twice in its LIST reply"},
      {2,
       {"3 100"},
       "POP3 server listed nonexistent message 3 (the mailbox has 2) in its LIST reply: "
       "\"3 100\""},
      {2,
       {"0 100"},
       "POP3 server listed nonexistent message 0 (the mailbox has 2) in its LIST reply: "
       "\"0 100\""},
      {2, {"-1 100"}, "POP3 server sent an invalid LIST line: \"-1 100\""},
      {2, {"1"}, "POP3 server sent an invalid LIST line: \"1\""},
      {2, {"1 "}, "POP3 server sent an invalid LIST line: \"1 \""},
      {2, {"1 -100"}, "POP3 server sent an invalid LIST line: \"1 -100\""},
      {2, {"1 10x"}, "POP3 server sent an invalid LIST line: \"1 10x\""},
      {2, {"one 100"}, "POP3 server sent an invalid LIST line: \"one 100\""},
      {2, {""}, "POP3 server sent an invalid LIST line: \"\""},
      {2,
       {"99999999999999999999 1"},
       "POP3 server sent an invalid LIST line: \"99999999999999999999 1\""},
      {2,
       {"1 99999999999999999999"},
       "POP3 server sent an invalid LIST line: \"1 99999999999999999999\""},
  };
  for (const InvalidCase& c : cases) {
    SCOPED_TRACE(c.message);
    auto sizes = ParseList(c.count, c.lines);
    ASSERT_FALSE(sizes.has_value());
    EXPECT_EQ(sizes.error().code, ExitCode::kProtocol);
    EXPECT_EQ(sizes.error().message, c.message);
  }
}

TEST(UidlParserTest, Valid) {
  std::string long_uid(200, 'u');
  auto list = ParseUidl(
      5, {"1 abc", "2    spaced", "3 with space inside", "5 ../../etc/passwd", "4 " + long_uid});
  ASSERT_TRUE(list.has_value()) << list.error().message;
  EXPECT_EQ(list->uids, (std::vector<std::string>{"abc", "spaced", "with space inside", long_uid,
                                                  "../../etc/passwd"}));
  EXPECT_FALSE(list->has_duplicates);
  EXPECT_EQ(list->duplicate, std::vector<bool>(5, false));
}

TEST(UidlParserTest, NonAsciiIsAccepted) {
  auto list = ParseUidl(1, {"1 \xc3\xa4\xff"});
  ASSERT_TRUE(list.has_value());
  EXPECT_EQ(list->uids[0], "\xc3\xa4\xff");
}

TEST(UidlParserTest, DuplicatesAreReported) {
  auto list = ParseUidl(4, {"1 a", "2 b", "3 a", "4 c"});
  ASSERT_TRUE(list.has_value());
  EXPECT_TRUE(list->has_duplicates);
  EXPECT_EQ(list->duplicate, (std::vector<bool>{true, false, true, false}));
}

TEST(UidlParserTest, DuplicatesNextToEachOtherInAnAscendingListingAreReported) {
  // The one pass over an ascending listing must not take "a a" for ascending.
  auto list = ParseUidl(4, {"1 a", "2 b", "3 b", "4 c"});
  ASSERT_TRUE(list.has_value());
  EXPECT_TRUE(list->has_duplicates);
  EXPECT_EQ(list->duplicate, (std::vector<bool>{false, true, true, false}));
  auto ascending = ParseUidl(3, {"1 a", "2 b", "3 c"});
  ASSERT_TRUE(ascending.has_value());
  EXPECT_FALSE(ascending->has_duplicates);
}

TEST(UidlParserTest, Invalid) {
  const InvalidCase cases[] = {
      {2, {"1 a"}, "POP3 server did not list message 2 in its UIDL reply"},
      {2, {"2 a", "2 b"}, "POP3 server listed message 2 twice in its UIDL reply"},
      {2,
       {"7 a"},
       "POP3 server listed nonexistent message 7 (the mailbox has 2) in its UIDL reply: "
       "\"7 a\""},
      {2, {"-2 a"}, "POP3 server sent an invalid UIDL line: \"-2 a\""},
      {2, {"1"}, "POP3 server sent an invalid UIDL line: \"1\""},
      {2, {"1   "}, "POP3 server sent an invalid UIDL line: \"1   \""},
      {2, {"1a b"}, "POP3 server sent an invalid UIDL line: \"1a b\""},
      {2, {"1 a\tb"}, "POP3 server sent an invalid UIDL line: \"1 a?b\""},
      {2, {"1 a\x7f"}, "POP3 server sent an invalid UIDL line: \"1 a?\""},
  };
  for (const InvalidCase& c : cases) {
    SCOPED_TRACE(c.message);
    auto list = ParseUidl(c.count, c.lines);
    ASSERT_FALSE(list.has_value());
    EXPECT_EQ(list.error().code, ExitCode::kProtocol);
    EXPECT_EQ(list.error().message, c.message);
  }
}

}  // namespace
}  // namespace mpop::pop3
