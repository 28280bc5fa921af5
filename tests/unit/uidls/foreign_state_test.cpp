// Reading fetchmail's and getmail6's state files (uidls/foreign_state.hpp). The formats are
// checked against files the real programs wrote in tests/integration/import_uidls_test.cpp.
#include "uidls/foreign_state.hpp"

#include <gtest/gtest.h>

#include <string>

#include "support/temp_dir.hpp"

namespace mpop::uidls {
namespace {

using namespace std::string_literals;

std::vector<std::string> Uids(const ForeignMailbox& mailbox) {
  std::vector<std::string> uids;
  for (const ForeignUid& entry : mailbox.uids) uids.push_back(entry.uid);
  return uids;
}

TEST(ForeignStateTest, FetchmailIdsAreGroupedByMailbox) {
  Result<ForeignState> state =
      ParseForeignState("/home/joe/.fetchids",
                        "joe@pop.example.com m1\njoe@example.org@mail.example.org 000-x\n"
                        "joe@pop.example.com m2\n\n");
  ASSERT_TRUE(state.has_value()) << state.error().message;
  EXPECT_EQ(state->format, ForeignFormat::kFetchmail);
  ASSERT_EQ(state->mailboxes.size(), 2u);
  EXPECT_EQ(state->mailboxes[0].user, "joe");
  EXPECT_EQ(state->mailboxes[0].host, "pop.example.com");
  EXPECT_FALSE(state->mailboxes[0].port.has_value());
  EXPECT_EQ(Uids(state->mailboxes[0]), (std::vector<std::string>{"m1", "m2"}));
  // The user holds an '@': the last one of the first word splits it from the host.
  EXPECT_EQ(state->mailboxes[1].user, "joe@example.org");
  EXPECT_EQ(state->mailboxes[1].host, "mail.example.org");
  EXPECT_FALSE(state->mailboxes[1].uids[0].first_seen.has_value());
}

TEST(ForeignStateTest, FetchmailLinesThatAreNoUidAreSkipped) {
  Result<ForeignState> state =
      ParseForeignState(".fetchids", "joe@imap.example.com 12 34\njoe@pop.example.com m1\r\n");
  ASSERT_TRUE(state.has_value()) << state.error().message;
  ASSERT_EQ(state->mailboxes.size(), 1u);
  EXPECT_EQ(Uids(state->mailboxes[0]), (std::vector<std::string>{"m1"}));
}

TEST(ForeignStateTest, AMalformedFetchmailLineNamesFileAndLine) {
  Result<ForeignState> state = ParseForeignState("/x/.fetchids", "joe@h m1\nno-at-sign m2\n");
  ASSERT_FALSE(state.has_value());
  EXPECT_EQ(state.error().code, ExitCode::kDataErr);
  EXPECT_EQ(state.error().message,
            "/x/.fetchids:2: expected USER@HOST UID, as fetchmail writes them");
}

TEST(ForeignStateTest, GetmailNamesTheMailboxInTheFileName) {
  Result<ForeignState> state = ParseForeignState("/g/oldmail-pop-1.example.com-995-joe-smith",
                                                 "m3\0"s
                                                 "1796471336\nm1\0"s
                                                 "1700000000.25\n");
  ASSERT_TRUE(state.has_value()) << state.error().message;
  EXPECT_EQ(state->format, ForeignFormat::kGetmail);
  ASSERT_EQ(state->mailboxes.size(), 1u);
  const ForeignMailbox& mailbox = state->mailboxes[0];
  EXPECT_EQ(mailbox.host, "pop-1.example.com");
  EXPECT_EQ(mailbox.port, 995);
  EXPECT_EQ(mailbox.user, "joe-smith");
  EXPECT_EQ(Uids(mailbox), (std::vector<std::string>{"m3", "m1"}));
  EXPECT_EQ(mailbox.uids[0].first_seen, 1796471336);
  EXPECT_EQ(mailbox.uids[1].first_seen, 1700000000);
}

TEST(ForeignStateTest, GetmailIsRecognisedByItsContentToo) {
  Result<ForeignState> state = ParseForeignState("/renamed",
                                                 "m1\0"s
                                                 "5\n");
  ASSERT_FALSE(state.has_value());  // the content is getmail's, the name cannot tell whose
  EXPECT_EQ(state.error().message,
            "/renamed: a getmail state file is named oldmail-SERVER-PORT-USER; cannot tell the "
            "mailbox from this name");
}

TEST(ForeignStateTest, AMalformedGetmailLineNamesFileAndLine) {
  Result<ForeignState> state = ParseForeignState("oldmail-h-110-u",
                                                 "m1\0"s
                                                 "5\nm2\0"s
                                                 "yesterday\n");
  ASSERT_FALSE(state.has_value());
  EXPECT_EQ(state.error().message, "oldmail-h-110-u:2: not a time after the UID");
}

TEST(ForeignStateTest, FindsTheAccountsMailboxIgnoringTheCaseOfTheHost) {
  Result<ForeignState> state =
      ParseForeignState(".fetchids", "joe@POP.example.com m1\nann@pop.example.com m2\n");
  ASSERT_TRUE(state.has_value());
  const ForeignMailbox* found = FindForeignMailbox(*state, "ann", "pop.EXAMPLE.com", 110);
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(Uids(*found), (std::vector<std::string>{"m2"}));
  EXPECT_EQ(FindForeignMailbox(*state, "Joe", "pop.example.com", 110), nullptr);
}

TEST(ForeignStateTest, GetmailsPortMustMatch) {
  Result<ForeignState> state = ParseForeignState("oldmail-h-995-u",
                                                 "m1\0"s
                                                 "5\n");
  ASSERT_TRUE(state.has_value());
  EXPECT_NE(FindForeignMailbox(*state, "u", "h", 995), nullptr);
  EXPECT_EQ(FindForeignMailbox(*state, "u", "h", 110), nullptr);
}

TEST(ForeignStateTest, AMissingFileIsNoInput) {
  testing::ScopedTempDir dir;
  Result<ForeignState> state = ReadForeignState(dir.File("none"));
  ASSERT_FALSE(state.has_value());
  EXPECT_EQ(state.error().code, ExitCode::kNoInput);
  EXPECT_EQ(state.error().message,
            "cannot read " + dir.File("none") + ": No such file or directory");
}

}  // namespace
}  // namespace mpop::uidls
