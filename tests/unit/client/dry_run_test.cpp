// The --dry-run listing (client/dry_run.hpp).
#include "client/dry_run.hpp"

#include <gtest/gtest.h>

namespace mpop::client {
namespace {

TEST(DryRunTest, ListsEachMailAndTheGuard) {
  MailPlan plan(2);
  plan[0].size = 10;
  plan.SetUid(0, "a");
  plan[1].size = 20;
  plan[1].action = MailAction::kDelete;
  plan[1].reason = ActionReason::kOld;
  plan[1].old = true;
  EXPECT_EQ(FormatDryRun(plan, {.keep_seconds = 0}, std::string("too many")),
            "message 1 (UID a, 10 bytes): fetch, then delete: new\n"
            "message 2 (UID none, 20 bytes): delete: already retrieved\n"
            "dry run: 1 of 2 messages would be fetched and 2 deleted; nothing was changed\n"
            "dry run: the re-download guard would stop this run: too many\n");
}

TEST(DryRunTest, KeptMailsStay) {
  MailPlan plan(1);
  plan[0].action = MailAction::kDelete;
  plan[0].reason = ActionReason::kOld;
  plan[0].old = true;
  plan[0].set_first_seen(100, 120);
  const PlanSettings settings{.keep_seconds = 50, .session_time = 120};
  EXPECT_EQ(FormatDryRun(plan, settings, std::nullopt),
            "message 1 (UID none, 0 bytes): skip: already retrieved\n"
            "dry run: 0 of 1 messages would be fetched and 0 deleted; nothing was changed\n");
}

}  // namespace
}  // namespace mpop::client
