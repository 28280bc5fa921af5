// PlanMailbox and SharedUidWarning for mails that share a UID: one unit, whose UID only
// the last mail carries while they are new, so it is recorded once all are delivered.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "client/mail_plan.hpp"

namespace mpop::client {
namespace {

using Uids = std::vector<std::optional<std::string>>;

constexpr std::int64_t kNow = 1000;

MailPlan Plan(const Uids& listed, std::optional<std::int64_t> dup_seen) {
  const std::optional<Uids> uids = listed;
  std::vector<std::uint64_t> sizes(uids->size(), 10);
  PlanSettings settings{.only_new = true, .keep_seconds = 3600, .session_time = kNow};
  return PlanMailbox(
      sizes, uids, [&](const std::string& uid) { return uid == "dup" ? dup_seen : std::nullopt; },
      settings);
}

TEST(MailPlanSharedUidTest, NewGroupIsRetrievedAndOnlyItsLastMailCarriesTheUid) {
  MailPlan plan = Plan({"dup", "solo", "dup", "dup"}, std::nullopt);
  ASSERT_EQ(plan.size(), 4u);
  EXPECT_EQ(plan.uid(0), std::nullopt);
  EXPECT_EQ(plan.uid(1), "solo");
  EXPECT_EQ(plan.uid(2), std::nullopt);
  EXPECT_EQ(plan.uid(3), "dup");
  for (const PlannedMail& mail : plan) EXPECT_EQ(mail.action, MailAction::kRetrieve);
  EXPECT_FALSE(plan[1].shares_uid);
  EXPECT_TRUE(plan[0].shares_uid && plan[2].shares_uid && plan[3].shares_uid);
  EXPECT_EQ(SharedUidWarning(plan),
            "mpop: warning: the POP3 server gave messages 1, 3 and 4 a UID shared with another "
            "message; they are retrieved this once, then count as old together\n");
}

TEST(MailPlanSharedUidTest, KnownGroupIsOldEverywhereAndNotWarned) {
  MailPlan plan = Plan({"dup", "dup"}, 500);
  for (std::size_t i = 0; i < plan.size(); ++i) {
    const PlannedMail& mail = plan[i];
    EXPECT_EQ(plan.uid(i), "dup");
    EXPECT_TRUE(mail.old);
    EXPECT_EQ(mail.first_seen(kNow), 500);
    EXPECT_EQ(mail.action, MailAction::kDelete);
  }
  EXPECT_EQ(SharedUidWarning(plan), std::nullopt);
}

TEST(MailPlanSharedUidTest, ManyNumbersAreShortened) {
  MailPlan plan = Plan(Uids(8, "dup"), std::nullopt);
  EXPECT_EQ(SharedUidWarning(plan),
            "mpop: warning: the POP3 server gave messages 1, 2, 3, 4, 5 and 3 more a UID shared "
            "with another message; they are retrieved this once, then count as old together\n");
}

}  // namespace
}  // namespace mpop::client
