// PollSchedule on a fake clock: the interval with its jitter, LOGIN-DELAY as a floor that
// no poll (not even SIGUSR1's) undercuts, exponential back-off capped at the interval,
// permanent failures at the interval, and reloads keeping each account's state by name.

#include "client/poll_schedule.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <random>

namespace mpop::client {
namespace {

using std::chrono::seconds;
using Time = PollClock::time_point;

const Time kStart = Time() + std::chrono::hours(1000);

AccountReport Ok() { return AccountReport{}; }

AccountReport Failed(ExitCode code) {
  AccountReport report;
  report.code = code;
  report.error = "it failed";
  return report;
}

AccountReport WithDelay(AccountReport report, long delay) {
  report.login_delay = seconds(delay);
  return report;
}

PollScheduleOptions NoJitter() {
  return {.random = [] { return 0.0; }};
}

TEST(PollScheduleTest, EveryAccountIsDueAtTheStartThenAfterItsInterval) {
  PollSchedule schedule({{"a", 60}, {"b", 300}}, kStart, NoJitter());
  EXPECT_EQ(schedule.Due(kStart), (std::vector<std::size_t>{0, 1}));
  EXPECT_EQ(schedule.Record(0, Ok(), kStart + seconds(2)), PollOutcome::kOk);
  EXPECT_EQ(schedule.Record(1, Ok(), kStart + seconds(3)), PollOutcome::kOk);
  EXPECT_EQ(schedule.due(0), kStart + seconds(62));
  EXPECT_EQ(schedule.due(1), kStart + seconds(303));
  EXPECT_EQ(schedule.NextDue(), kStart + seconds(62));
  EXPECT_TRUE(schedule.Due(kStart + seconds(61)).empty());
  EXPECT_EQ(schedule.Due(kStart + seconds(62)), (std::vector<std::size_t>{0}));
}

TEST(PollScheduleTest, JitterOnlyLengthensTheWaitByAtMostATenth) {
  std::mt19937 random(static_cast<unsigned>(::testing::UnitTest::GetInstance()->random_seed()));
  PollSchedule schedule({{"a", 900}}, kStart, {.random = [&] {
                          return std::uniform_real_distribution<double>(0.0, 1.0)(random);
                        }});
  Time now = kStart;
  bool varied = false;
  for (int i = 0; i < 200; ++i) {
    schedule.Record(0, Ok(), now);
    const auto wait = schedule.due(0) - now;
    EXPECT_GE(wait, seconds(900));
    EXPECT_LE(wait, seconds(990));
    varied = varied || wait != seconds(900);
    now = schedule.due(0);
  }
  EXPECT_TRUE(varied);
}

TEST(PollScheduleTest, AServerAnnouncingLoginDelay60IsNeverPolledMoreOften) {
  // A 2-second interval, SIGUSR1 asking to poll now after every poll, and a server that
  // announces LOGIN-DELAY 60 once (sessions without CAPA later do not forget it).
  PollSchedule schedule({{"a", 2}}, kStart, NoJitter());
  Time now = kStart;
  Time last_end = Time::min();
  for (int i = 0; i < 1000; ++i) {
    ASSERT_EQ(schedule.Due(now), std::vector<std::size_t>{0});
    if (i > 0) {
      EXPECT_GE(now - last_end, seconds(60));
    }
    last_end = now + seconds(1);
    schedule.Record(0, i == 0 ? WithDelay(Ok(), 60) : Ok(), last_end);
    schedule.PollAllNow(last_end);
    EXPECT_TRUE(schedule.Due(last_end + seconds(59)).empty());
    now = schedule.NextDue();
  }
}

TEST(PollScheduleTest, TheDelayAfterLoginReplacesTheOneBefore) {
  PollSchedule schedule({{"a", 2}}, kStart, NoJitter());
  schedule.Record(0, WithDelay(Ok(), 900), kStart);
  EXPECT_EQ(schedule.due(0), kStart + seconds(900));
  schedule.Record(0, WithDelay(Ok(), 30), kStart + seconds(900));
  EXPECT_EQ(schedule.due(0), kStart + seconds(930));
}

TEST(PollScheduleTest, TemporaryFailuresBackOffExponentiallyUpToTheInterval) {
  PollSchedule schedule({{"a", 1600}}, kStart, NoJitter());
  Time now = kStart;
  for (long expected : {100, 200, 400, 800, 1600, 1600}) {
    EXPECT_EQ(schedule.Record(0, Failed(ExitCode::kTempFail), now), PollOutcome::kTemporary);
    EXPECT_EQ(schedule.due(0) - now, seconds(expected));
    now = schedule.due(0);
  }
  schedule.Record(0, Ok(), now);
  EXPECT_EQ(schedule.due(0) - now, seconds(1600));
  schedule.Record(0, Failed(ExitCode::kIoErr), now);
  EXPECT_EQ(schedule.due(0) - now, seconds(100));
}

TEST(PollScheduleTest, TheFirstBackOffIsAtLeastOneSecond) {
  PollSchedule schedule({{"a", 2}}, kStart, NoJitter());
  schedule.Record(0, Failed(ExitCode::kNoHost), kStart);
  EXPECT_EQ(schedule.due(0), kStart + seconds(1));
  schedule.Record(0, Failed(ExitCode::kOsErr), kStart);
  EXPECT_EQ(schedule.due(0), kStart + seconds(2));
}

TEST(PollScheduleTest, PermanentFailuresWaitTheWholeInterval) {
  PollSchedule schedule({{"a", 600}}, kStart, NoJitter());
  for (ExitCode code : {ExitCode::kNoPerm, ExitCode::kConfig, ExitCode::kUnavailable,
                        ExitCode::kProtocol, ExitCode::kDataErr}) {
    EXPECT_EQ(schedule.Record(0, Failed(code), kStart), PollOutcome::kPermanent);
    EXPECT_EQ(schedule.due(0), kStart + seconds(600));
  }
}

TEST(PollScheduleTest, ARefusedLoginWaitsForTheLoginDelayOrBacksOff) {
  PollSchedule schedule({{"a", 1600}, {"b", 1600}}, kStart, NoJitter());
  AccountReport delayed = WithDelay(Failed(ExitCode::kTempFail), 300);
  delayed.refused_login_delay = true;
  EXPECT_EQ(schedule.Record(0, delayed, kStart), PollOutcome::kRefused);
  EXPECT_EQ(schedule.due(0), kStart + seconds(300));
  AccountReport in_use = Failed(ExitCode::kTempFail);
  in_use.refused_in_use = true;
  EXPECT_EQ(schedule.Record(1, in_use, kStart), PollOutcome::kRefused);
  EXPECT_EQ(schedule.due(1), kStart + seconds(100));
  EXPECT_EQ(schedule.Record(1, in_use, kStart), PollOutcome::kRefused);
  EXPECT_EQ(schedule.due(1), kStart + seconds(200));
}

TEST(PollScheduleTest, ReplaceKeepsAccountsByNameAndAddsNewOnesDueNow) {
  PollSchedule schedule({{"a", 600}, {"b", 600}}, kStart, NoJitter());
  schedule.Record(0, WithDelay(Ok(), 700), kStart);
  schedule.Record(1, Ok(), kStart);
  const Time later = kStart + seconds(10);
  schedule.Replace({{"c", 60}, {"b", 120}, {"a", 60}}, later);
  ASSERT_EQ(schedule.size(), 3u);
  EXPECT_EQ(schedule.due(0), later);                  // c: new
  EXPECT_EQ(schedule.due(1), kStart + seconds(120));  // b: the shorter interval
  EXPECT_EQ(schedule.due(2), kStart + seconds(700));  // a: still its LOGIN-DELAY
  EXPECT_EQ(schedule.Due(later), std::vector<std::size_t>{0});
}

TEST(PollScheduleTest, TimeDivisorScalesEveryDuration) {
  PollSchedule schedule({{"a", 2}}, kStart, {.time_divisor = 1000, .random = [] { return 0.0; }});
  schedule.Record(0, Ok(), kStart);
  EXPECT_EQ(schedule.due(0), kStart + std::chrono::milliseconds(2));
  schedule.Record(0, WithDelay(Ok(), 60), kStart);
  EXPECT_EQ(schedule.due(0), kStart + std::chrono::milliseconds(60));
}

TEST(PollScheduleTest, WhichFailuresAreTemporary) {
  for (ExitCode code :
       {ExitCode::kTempFail, ExitCode::kIoErr, ExitCode::kNoHost, ExitCode::kOsErr}) {
    EXPECT_TRUE(IsTemporary(code)) << static_cast<int>(code);
  }
  for (ExitCode code : {ExitCode::kOk, ExitCode::kNoPerm, ExitCode::kConfig, ExitCode::kUnavailable,
                        ExitCode::kProtocol, ExitCode::kSoftware}) {
    EXPECT_FALSE(IsTemporary(code)) << static_cast<int>(code);
  }
}

}  // namespace
}  // namespace mpop::client
