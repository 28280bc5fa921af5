#include "client/mail_plan.hpp"

#include <gtest/gtest.h>

#include <map>

#include "config/account.hpp"
#include "uidls/uidls_file.hpp"

namespace mpop::client {
namespace {

using Uids = std::vector<std::optional<std::string>>;

std::function<std::optional<std::int64_t>(const std::string&)> Known(
    std::map<std::string, std::int64_t> known) {
  return [known](const std::string& uid) -> std::optional<std::int64_t> {
    auto it = known.find(uid);
    if (it == known.end()) return std::nullopt;
    return it->second;
  };
}

TEST(PlanMailbox, OldMailsAreDeletedWithOnlyNew) {
  PlanSettings settings{.only_new = true, .session_time = 1000};
  auto plan = PlanMailbox({10, 20}, Uids{"a", "b"}, Known({{"a", 500}}), settings);
  EXPECT_EQ(plan[0].action, MailAction::kDelete);
  EXPECT_EQ(plan[0].reason, ActionReason::kOld);
  EXPECT_TRUE(plan[0].old);
  EXPECT_EQ(plan[0].first_seen(1000), 500);
  EXPECT_EQ(plan[1].action, MailAction::kRetrieve);
  EXPECT_FALSE(plan[1].old);
  EXPECT_EQ(plan[1].first_seen(1000), 1000);
}

TEST(PlanMailbox, OnlyNewOffRetrievesOldMailsAgain) {
  PlanSettings settings{.only_new = false, .session_time = 1000};
  auto plan = PlanMailbox({10}, Uids{"a"}, Known({{"a", 500}}), settings);
  EXPECT_EQ(plan[0].action, MailAction::kRetrieve);
  EXPECT_TRUE(plan[0].old);
}

TEST(PlanMailbox, WithoutUidlEverythingIsNew) {
  PlanSettings settings{.session_time = 1000};
  auto plan = PlanMailbox({10, 20}, std::nullopt, Known({{"a", 1}}), settings);
  EXPECT_EQ(plan[0].action, MailAction::kRetrieve);
  EXPECT_EQ(plan[1].action, MailAction::kRetrieve);
  EXPECT_FALSE(plan.uid(0).has_value());
}

TEST(PlanMailbox, DuplicateUidsCountAsNew) {
  PlanSettings settings{.session_time = 1000};
  auto plan = PlanMailbox({10, 20}, Uids{std::nullopt, std::nullopt}, Known({}), settings);
  EXPECT_EQ(plan[0].action, MailAction::kRetrieve);
  EXPECT_FALSE(plan.uid(1).has_value());
}

TEST(ApplySizeFilters, KillsizeAndSkipsizeCompareWithGreaterOrEqual) {
  PlanSettings settings{.killsize = 100, .skipsize = 50, .session_time = 1000};
  auto plan = PlanMailbox({99, 100, 49, 50}, Uids{"a", "b", "c", "d"}, Known({}), settings);
  ApplySizeFilters(plan, settings);
  EXPECT_EQ(plan[0].action, MailAction::kIgnore);
  EXPECT_EQ(plan[0].reason, ActionReason::kSkipsize);
  EXPECT_EQ(plan[1].action, MailAction::kDelete);
  EXPECT_EQ(plan[1].reason, ActionReason::kKillsize);
  EXPECT_TRUE(plan[1].old);
  EXPECT_EQ(plan[2].action, MailAction::kRetrieve);
  EXPECT_EQ(plan[3].action, MailAction::kIgnore);
  EXPECT_FALSE(plan[3].old);
}

TEST(ApplySizeFilters, KillsizeZeroMarksEverythingSeen) {
  PlanSettings settings{.killsize = 0, .session_time = 1000};
  auto plan = PlanMailbox({0, 5}, Uids{"a", "b"}, Known({}), settings);
  ApplySizeFilters(plan, settings);
  EXPECT_EQ(plan[0].action, MailAction::kDelete);
  EXPECT_EQ(plan[1].action, MailAction::kDelete);
}

TEST(ApplySizeFilters, OldMailsAreNotFilteredAgain) {
  PlanSettings settings{.killsize = 1, .session_time = 1000};
  auto plan = PlanMailbox({10}, Uids{"a"}, Known({{"a", 1}}), settings);
  ApplySizeFilters(plan, settings);
  EXPECT_EQ(plan[0].reason, ActionReason::kOld);
}

TEST(KeptByKeep, DurationsCompareAgeWithKeep) {
  auto first_seen_at_1000 = [](std::int64_t session_time) {
    PlannedMail mail;
    mail.set_first_seen(1000, session_time);
    return mail;
  };
  EXPECT_FALSE(KeptByKeep(first_seen_at_1000(1000), {.keep_seconds = 0, .session_time = 1000}));
  EXPECT_TRUE(KeptByKeep(first_seen_at_1000(5000),
                         {.keep_seconds = config::kKeepForever, .session_time = 5000}));
  EXPECT_TRUE(
      KeptByKeep(first_seen_at_1000(1000 + 3599), {.keep_seconds = 3600, .session_time = 4599}));
  EXPECT_FALSE(
      KeptByKeep(first_seen_at_1000(1000 + 3600), {.keep_seconds = 3600, .session_time = 4600}));
}

TEST(KeptByKeep, AgesOutsideThirtyTwoBitsAreClamped) {
  PlannedMail future;
  future.set_first_seen(2000, 1000);  // a clock set back: as young as can be
  EXPECT_EQ(future.age, 0u);
  EXPECT_TRUE(KeptByKeep(future, {.keep_seconds = 1, .session_time = 1000}));
  PlannedMail ancient;
  ancient.set_first_seen(-(std::int64_t{1} << 40), 1000);  // hand-edited file
  EXPECT_EQ(ancient.age, UINT32_MAX);
  EXPECT_FALSE(KeptByKeep(ancient, {.keep_seconds = 3600, .session_time = 1000}));
  EXPECT_TRUE(KeptByKeep(ancient, {.keep_seconds = config::kKeepForever, .session_time = 1000}));
}

}  // namespace
}  // namespace mpop::client

namespace mpop::client {
namespace {

TEST(PlanMailbox, WithoutSizesEveryMailIsPlannedWithSizeZero) {
  const util::StringList listing = {"a", "b", "c", std::string(uidls::kMaxUidLength + 1, 'x')};
  PlanSettings settings{.only_new = true, .session_time = 1000};
  auto plan = PlanMailbox(
      4, {}, &listing,
      [](std::string_view uid) -> std::optional<std::int64_t> {
        return uid == "b" ? std::optional<std::int64_t>(7) : std::nullopt;
      },
      settings, false);
  ASSERT_EQ(plan.size(), 4u);
  for (const PlannedMail& mail : plan) EXPECT_EQ(mail.size, 0u);
  EXPECT_EQ(plan.uid(1), "b");
  EXPECT_EQ(plan.uid(1)->data(), listing[1].data());  // a view, not a copy
  EXPECT_TRUE(plan[1].old);
  EXPECT_EQ(plan[1].first_seen(1000), 7);
  EXPECT_FALSE(plan[2].old);
  EXPECT_EQ(plan.uid(3), std::nullopt);  // the UIDLs file could not hold it: new every time
}

TEST(MailPlanTest, SetUidGivesAHandMadePlanItsOwnListing) {
  MailPlan plan(3);
  plan.SetUid(2, "c");
  MailPlan copy = plan;
  copy.SetUid(0, "a");
  EXPECT_EQ(plan.uid(0), std::nullopt);
  EXPECT_EQ(plan.uid(2), "c");
  EXPECT_EQ(copy.uid(0), "a");
  EXPECT_EQ(copy.uid(2), "c");
  EXPECT_FALSE(plan == copy);
  plan.SetUid(0, "a");
  EXPECT_TRUE(plan == copy);
}

}  // namespace
}  // namespace mpop::client
