// PlanMailbox and SharedUidWarning for mails that share a UID: one unit, whose UID only
// the last mail carries while they are new, so it is recorded once all are delivered.
#include <gtest/gtest.h>

#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "client/mail_plan.hpp"

namespace mpop::client {
namespace {

using Uids = std::vector<std::optional<std::string>>;

constexpr std::int64_t kNow = 1000;

std::vector<PlannedMail> Plan(const Uids& listed, std::optional<std::int64_t> dup_seen) {
  // The plan's UIDs point into the listing, which must outlive it: kept as the optional
  // PlanMailbox takes (a plain vector would be copied into a temporary optional).
  static std::deque<std::optional<Uids>> listings;
  const std::optional<Uids>& uids = listings.emplace_back(listed);
  std::vector<std::uint64_t> sizes(uids->size(), 10);
  PlanSettings settings{.only_new = true, .keep_seconds = 3600, .session_time = kNow};
  return PlanMailbox(
      sizes, uids, [&](const std::string& uid) { return uid == "dup" ? dup_seen : std::nullopt; },
      settings);
}

TEST(MailPlanSharedUidTest, NewGroupIsRetrievedAndOnlyItsLastMailCarriesTheUid) {
  std::vector<PlannedMail> plan = Plan({"dup", "solo", "dup", "dup"}, std::nullopt);
  ASSERT_EQ(plan.size(), 4u);
  EXPECT_EQ(plan[0].uid(), std::nullopt);
  EXPECT_EQ(plan[1].uid(), "solo");
  EXPECT_EQ(plan[2].uid(), std::nullopt);
  EXPECT_EQ(plan[3].uid(), "dup");
  for (const PlannedMail& mail : plan) EXPECT_EQ(mail.action, MailAction::kRetrieve);
  EXPECT_FALSE(plan[1].shares_uid);
  EXPECT_TRUE(plan[0].shares_uid && plan[2].shares_uid && plan[3].shares_uid);
  EXPECT_EQ(SharedUidWarning(plan),
            "mpop: warning: the POP3 server gave messages 1, 3 and 4 a UID shared with another "
            "message; they are retrieved this once, then count as old together\n");
}

TEST(MailPlanSharedUidTest, KnownGroupIsOldEverywhereAndNotWarned) {
  std::vector<PlannedMail> plan = Plan({"dup", "dup"}, 500);
  for (const PlannedMail& mail : plan) {
    EXPECT_EQ(mail.uid(), "dup");
    EXPECT_TRUE(mail.old);
    EXPECT_EQ(mail.first_seen(kNow), 500);
    EXPECT_EQ(mail.action, MailAction::kDelete);
  }
  EXPECT_EQ(SharedUidWarning(plan), std::nullopt);
}

TEST(MailPlanSharedUidTest, ManyNumbersAreShortened) {
  std::vector<PlannedMail> plan = Plan(Uids(8, "dup"), std::nullopt);
  EXPECT_EQ(SharedUidWarning(plan),
            "mpop: warning: the POP3 server gave messages 1, 2, 3, 4, 5 and 3 more a UID shared "
            "with another message; they are retrieved this once, then count as old together\n");
}

}  // namespace
}  // namespace mpop::client
