// The per-address failure delay, with an injected clock.

#include "server/auth_throttle.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "server/authenticator.hpp"
#include "server/gatekeeper.hpp"

namespace mpop::server {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

class AuthThrottleTest : public ::testing::Test {
 protected:
  AuthThrottle::Clock::time_point now_{};
  AuthThrottle throttle_{{}, [this] { return now_; }};
};

TEST_F(AuthThrottleTest, NoDelayWithoutFailures) {
  EXPECT_EQ(throttle_.Admit("1.2.3.4"), milliseconds(0));
  EXPECT_EQ(throttle_.Admit("1.2.3.4"), milliseconds(0));
}

TEST_F(AuthThrottleTest, DoublesUpToTheCapAndResetsOnSuccess) {
  const milliseconds expected[] = {seconds(1), seconds(2),  seconds(4),
                                   seconds(8), seconds(16), seconds(16)};
  for (milliseconds delay : expected) {
    throttle_.RecordFailure("a");
    const milliseconds wait = throttle_.Admit("a");
    EXPECT_EQ(wait, delay);
    now_ += wait;  // the caller sleeps, then checks
  }
  for (int i = 0; i < 1000; ++i) throttle_.RecordFailure("a");
  EXPECT_EQ(throttle_.CurrentDelay("a"), seconds(16));
  // Other addresses are not affected.
  EXPECT_EQ(throttle_.Admit("b"), milliseconds(0));
  throttle_.RecordSuccess("a");
  EXPECT_EQ(throttle_.Admit("a"), milliseconds(0));
}

TEST_F(AuthThrottleTest, ParallelAttemptsAreSerialised) {
  throttle_.RecordFailure("a");
  throttle_.RecordFailure("a");  // 2 s per attempt
  EXPECT_EQ(throttle_.Admit("a"), seconds(2));
  EXPECT_EQ(throttle_.Admit("a"), seconds(4));
  EXPECT_EQ(throttle_.Admit("a"), seconds(6));
  now_ += seconds(5);
  EXPECT_EQ(throttle_.Admit("a"), seconds(3));
  now_ += seconds(60);
  EXPECT_EQ(throttle_.Admit("a"), seconds(2));
}

TEST_F(AuthThrottleTest, ALongQueueIsCappedNeverRefused) {
  for (int i = 0; i < 5; ++i) throttle_.RecordFailure("a");  // 16 s per attempt
  EXPECT_EQ(throttle_.Admit("a"), seconds(16));
  EXPECT_EQ(throttle_.Admit("a"), seconds(20));  // 32 s capped at 20 s
  EXPECT_EQ(throttle_.Admit("a"), seconds(20));  // the queue ends at the cap
  now_ += seconds(5);
  EXPECT_EQ(throttle_.Admit("a"), seconds(20));
  EXPECT_EQ(throttle_.Admit("b"), milliseconds(0));
}

TEST_F(AuthThrottleTest, ForgetsAfterQuietPeriod) {
  throttle_.RecordFailure("a");
  now_ += milliseconds(15 * 60 * 1000 - 1);
  EXPECT_EQ(throttle_.Admit("a"), seconds(1));
  now_ += seconds(1);
  now_ += milliseconds(1);
  EXPECT_EQ(throttle_.Admit("a"), milliseconds(0));
  EXPECT_EQ(throttle_.CurrentDelay("a"), milliseconds(0));
}

TEST_F(AuthThrottleTest, ManyAddressesArePruned) {
  AuthThrottle small({.max_addresses = 10}, [this] { return now_; });
  for (int i = 0; i < 10; ++i) small.RecordFailure("old" + std::to_string(i));
  now_ += seconds(16 * 60);
  small.RecordFailure("new");
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(small.CurrentDelay("old" + std::to_string(i)), milliseconds(0));
  }
  EXPECT_EQ(small.CurrentDelay("new"), seconds(1));
}

class RecordingSleeper final : public Sleeper {
 public:
  void SleepFor(milliseconds duration) override { slept.push_back(duration); }
  std::vector<milliseconds> slept;
};

std::vector<MailboxAccount> Accounts() {
  std::vector<MailboxAccount> accounts;
  accounts.push_back({"alice", auth::SecretString(std::string_view("pw1")), "/a"});
  accounts.push_back({"bob", auth::SecretString(std::string_view("pw2")), "/b"});
  accounts.push_back({"bob", auth::SecretString(std::string_view("pw3")), "/b3"});
  return accounts;
}

TEST_F(AuthThrottleTest, GatekeeperWaitsBeforeCheckingAndResetsOnSuccess) {
  Authenticator authenticator(Accounts());
  RecordingSleeper sleeper;
  ThrottledGatekeeper gatekeeper(authenticator, throttle_, sleeper, "10.0.0.1");
  EXPECT_EQ(gatekeeper.Admit("alice", "x"), std::nullopt);
  EXPECT_EQ(gatekeeper.Admit("alice", "y"), std::nullopt);
  EXPECT_EQ(gatekeeper.Admit("alice", "pw1"), "/a");  // waits even though it is right
  EXPECT_EQ(sleeper.slept, (std::vector<milliseconds>{seconds(1), seconds(3)}));
  EXPECT_EQ(gatekeeper.Admit("alice", "pw1"), "/a");
  EXPECT_EQ(sleeper.slept.size(), 2u);
}

TEST_F(AuthThrottleTest, ThousandWrongPasswordsThenTheRightOne) {
  Authenticator authenticator(Accounts());
  RecordingSleeper sleeper;
  ThrottledGatekeeper gatekeeper(authenticator, throttle_, sleeper, "10.0.0.1");
  for (int i = 0; i < 1000; ++i) {
    EXPECT_EQ(gatekeeper.Admit("alice", "guess" + std::to_string(i)), std::nullopt);
    if (!sleeper.slept.empty()) now_ += sleeper.slept.back();  // the sleep really happened
  }
  ASSERT_EQ(sleeper.slept.size(), 999u);
  EXPECT_EQ(sleeper.slept[0], seconds(1));
  EXPECT_EQ(sleeper.slept[1], seconds(2));
  EXPECT_EQ(sleeper.slept[4], seconds(16));
  EXPECT_EQ(sleeper.slept.back(), seconds(16));
  EXPECT_TRUE(std::is_sorted(sleeper.slept.begin(), sleeper.slept.end()));
  // A guess from another address is not slowed down; the right password still works.
  ThrottledGatekeeper other(authenticator, throttle_, sleeper, "10.0.0.2");
  EXPECT_EQ(other.Admit("alice", "pw1"), "/a");
  EXPECT_EQ(sleeper.slept.size(), 999u);
  EXPECT_EQ(gatekeeper.Admit("alice", "pw1"), "/a");
  EXPECT_EQ(sleeper.slept.back(), seconds(16));
  EXPECT_EQ(throttle_.CurrentDelay("10.0.0.1"), milliseconds(0));
}

TEST(AuthenticatorTest, ChecksUserAndPasswordExactly) {
  Authenticator authenticator(Accounts());
  EXPECT_EQ(authenticator.Check("alice", "pw1"), "/a");
  EXPECT_EQ(authenticator.Check("bob", "pw2"), "/b");
  EXPECT_EQ(authenticator.Check("bob", "pw3"), "/b3");
  EXPECT_EQ(authenticator.Check("alice", "pw2"), std::nullopt);
  EXPECT_EQ(authenticator.Check("Alice", "pw1"), std::nullopt);
  EXPECT_EQ(authenticator.Check("alice", "pw1 "), std::nullopt);
  EXPECT_EQ(authenticator.Check("alice", "pw"), std::nullopt);
  EXPECT_EQ(authenticator.Check("", ""), std::nullopt);
}

TEST(AuthenticatorTest, ConstantTimeEquals) {
  EXPECT_TRUE(ConstantTimeEquals("", ""));
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "ab"));
  EXPECT_FALSE(ConstantTimeEquals("", "a"));
  EXPECT_FALSE(ConstantTimeEquals(std::string_view("a\0", 2), "a"));
}

}  // namespace
}  // namespace mpop::server
