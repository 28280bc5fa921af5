// The real mpopd's QUIT reply counts only the mails its session removed (issue #15 item 12):
// a mail marked with DELE that another program removed meanwhile is no failure, and not
// counted as deleted.

#include <gtest/gtest.h>

#include <filesystem>

#include "support/mpopd_process.hpp"
#include "support/process.hpp"
#include "support/raw_pop3_client.hpp"
#include "support/temp_dir.hpp"

namespace mpop::testing {
namespace {

TEST(MpopdQuitTest, MailsRemovedByAnotherProgramAreNotCountedAsDeleted) {
  ScopedTempDir dir;
  const std::string maildir = dir.File("served");
  MakeMaildir(maildir);
  WriteFile(maildir + "/new/1.mail", "Subject: one\n\nbody\n");
  WriteFile(maildir + "/new/2.mail", "Subject: two\n\nbody\n");
  WriteFile(maildir + "/new/3.mail", "Subject: three\n\nbody\n");
  const std::string log = dir.File("mpopd.log");
  MpopdProcess server;
  MPOP_REQUIRE(server.Start({"--auth=alice,echo alicepw", "--maildir=" + maildir}, log));

  RawClient client;
  ASSERT_TRUE(client.Connect(server.port()));
  EXPECT_EQ(client.Line(), "+OK mpopd ready.");
  EXPECT_EQ(client.Command("USER alice"), "+OK send PASS");
  EXPECT_TRUE(client.Command("PASS alicepw").starts_with("+OK 3 messages"));
  EXPECT_EQ(client.Command("DELE 1"), "+OK message 1 deleted");
  EXPECT_EQ(client.Command("DELE 2"), "+OK message 2 deleted");
  EXPECT_EQ(client.Command("DELE 3"), "+OK message 3 deleted");
  // Another program takes two of them before the session ends.
  std::size_t taken = 0;
  for (const auto& entry : std::filesystem::directory_iterator(maildir + "/new")) {
    if (taken++ < 2) std::filesystem::remove(entry.path());
  }
  EXPECT_EQ(client.Command("QUIT"), "+OK mpopd signing off (1 messages deleted)");
  EXPECT_TRUE(std::filesystem::is_empty(maildir + "/new"));
  EXPECT_NE(ReadFile(log).find(
                "info: 2 mails marked for deletion had already been removed by another program"),
            std::string::npos)
      << ReadFile(log);
}

}  // namespace
}  // namespace mpop::testing
