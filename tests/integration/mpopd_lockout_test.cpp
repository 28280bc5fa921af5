// The real mpopd under a burst of wrong passwords from one address (issue #15 item 10):
// the right password from that address is still checked and logs in, after a delay of at
// most 20 s, while the guesser is slowed to a handful of checks.

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>
#include <vector>

#include "support/mpopd_process.hpp"
#include "support/process.hpp"
#include "support/raw_pop3_client.hpp"
#include "support/temp_dir.hpp"

namespace mpop::testing {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::seconds;

TEST(MpopdLockoutTest, TheRightPasswordLogsInAfterABurstOfWrongOnes) {
  ScopedTempDir dir;
  const std::string maildir = dir.File("served");
  MakeMaildir(maildir);
  WriteFile(maildir + "/new/1.mail", "Subject: one\n\nbody\n");
  MpopdProcess server;
  MPOP_REQUIRE(
      server.Start({"--auth=alice,echo alicepw", "--maildir=" + maildir}, dir.File("mpopd.log")));

  // 10 guessers for 20 s, each with its own connection, one wrong password after another.
  const Clock::time_point end = Clock::now() + seconds(20);
  std::atomic<int> checked{0};
  std::atomic<int> refused_unchecked{0};
  std::vector<std::thread> guessers;
  for (int t = 0; t < 10; ++t) {
    guessers.emplace_back([&, t] {
      RawClient client;
      if (!client.Connect(server.port())) return;
      client.Line();
      for (int i = 0; Clock::now() < end; ++i) {
        client.Command("USER alice");
        client.Send("PASS wrong" + std::to_string(t) + "-" + std::to_string(i) + "\r\n");
        const std::string reply = client.Line(std::chrono::milliseconds(25000));
        if (reply != "-ERR [AUTH] authorization failed") {
          ++refused_unchecked;  // an empty reply: no answer within 25 s
          return;
        }
        ++checked;
      }
    });
  }
  for (std::thread& guesser : guessers) guesser.join();
  EXPECT_EQ(refused_unchecked, 0);
  // Slowed: without the delay each guesser would make thousands of checks in 20 s.
  EXPECT_LT(checked, 60);

  RawClient user;
  ASSERT_TRUE(user.Connect(server.port()));
  EXPECT_EQ(user.Line(), "+OK mpopd ready.");
  EXPECT_EQ(user.Command("USER alice"), "+OK send PASS");
  const Clock::time_point before = Clock::now();
  user.Send("PASS alicepw\r\n");
  EXPECT_EQ(user.Line(std::chrono::milliseconds(25000)), "+OK 1 messages (22 octets)");
  EXPECT_LE(Clock::now() - before, seconds(21));  // the cap: 20 s
  EXPECT_EQ(user.Command("QUIT"), "+OK mpopd signing off (0 messages deleted)");
}

}  // namespace
}  // namespace mpop::testing
