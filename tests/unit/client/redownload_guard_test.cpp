// The re-download guard's decision (client/redownload_guard.hpp).
#include "client/redownload_guard.hpp"

#include <gtest/gtest.h>

namespace mpop::client {
namespace {

// A kept mailbox of 2,000 mails that the state no longer knows.
RedownloadFacts LostState() {
  return {.keeps_mail = true,
          .state_has_list = false,
          .state_known = 0,
          .listed = 2000,
          .listed_known = 0,
          .to_fetch = 2000};
}

// A state that knows this server: what it knows, what the
// server lists, and how much of that it knows; the rest is to fetch.
RedownloadFacts KnownState(std::size_t known, std::size_t listed, std::size_t listed_known) {
  return {.keeps_mail = true,
          .state_has_list = true,
          .state_known = known,
          .listed = listed,
          .listed_known = listed_known,
          .to_fetch = listed - listed_known};
}

TEST(RedownloadGuardTest, LostStateStopsTheRun) {
  std::optional<std::string> stop = CheckRedownload(LostState(), kDefaultRedownloadLimit);
  ASSERT_TRUE(stop.has_value());
  EXPECT_EQ(*stop,
            "this run would fetch 2000 mails kept on the server: the UIDLs file has no list for "
            "this account (a first run, or the file was lost or belongs to another account); "
            "nothing was fetched. To fetch them this once, run again with --accept-new; to "
            "record them as seen without fetching, with --mark-seen");
}

TEST(RedownloadGuardTest, ReissuedUidsStopTheRun) {
  std::optional<std::string> stop =
      CheckRedownload(KnownState(2000, 2000, 0), kDefaultRedownloadLimit);
  ASSERT_TRUE(stop.has_value());
  EXPECT_EQ(*stop,
            "this run would fetch 2000 mails kept on the server: the UIDLs file knows 2000 "
            "mails of this account but only 0 of the 2000 on the server (the server may have "
            "changed its UIDs); nothing was fetched. To fetch them this once, run again with "
            "--accept-new; to record them as seen without fetching, with --mark-seen");
}

TEST(RedownloadGuardTest, ANewUsersSmallMailboxPasses) {
  RedownloadFacts facts = LostState();
  facts.listed = facts.to_fetch = 20;
  EXPECT_EQ(CheckRedownload(facts, kDefaultRedownloadLimit), std::nullopt);
}

TEST(RedownloadGuardTest, ExactlyTheLimitPassesOneMoreStops) {
  RedownloadFacts facts = LostState();
  facts.listed = facts.to_fetch = 500;
  EXPECT_EQ(CheckRedownload(facts, 500), std::nullopt);
  facts.listed = facts.to_fetch = 501;
  EXPECT_NE(CheckRedownload(facts, 500), std::nullopt);
}

TEST(RedownloadGuardTest, MailNotKeptOnTheServerNeverStops) {
  RedownloadFacts facts = LostState();
  facts.keeps_mail = false;  // keep off: whatever is on the server was not fetched yet
  EXPECT_EQ(CheckRedownload(facts, kDefaultRedownloadLimit), std::nullopt);
}

TEST(RedownloadGuardTest, OffNeverStops) {
  EXPECT_EQ(CheckRedownload(LostState(), std::nullopt), std::nullopt);
}

TEST(RedownloadGuardTest, NewMailBesideKnownMailPasses) {
  // A holiday: the state knows the 2,000 old mails; 1,500 new ones arrived.
  EXPECT_EQ(CheckRedownload(KnownState(2000, 3500, 2000), kDefaultRedownloadLimit), std::nullopt);
  // A list of 10 UIDs (the rest deleted by a keep duration) is no sign of changed UIDs.
  EXPECT_EQ(CheckRedownload(KnownState(10, 610, 10), kDefaultRedownloadLimit), std::nullopt);
}

TEST(RedownloadGuardTest, PortionsAreJudgedTogether) {
  RedownloadFacts facts = LostState();
  facts.to_fetch = 750;
  facts.fetched_earlier = 500;
  std::optional<std::string> stop = CheckRedownload(facts, kDefaultRedownloadLimit);
  ASSERT_TRUE(stop.has_value());
  EXPECT_EQ(*stop,
            "this run would fetch 750 mails kept on the server: the UIDLs file has no list for "
            "this account (a first run, or the file was lost or belongs to another account); "
            "the server hands out mail in portions and this run's earlier sessions fetched 500 "
            "of them; nothing more was fetched. To fetch them this once, run again with "
            "--accept-new; to record them as seen without fetching, with --mark-seen");
}

}  // namespace
}  // namespace mpop::client
