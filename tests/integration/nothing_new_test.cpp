// A run that finds nothing new writes nothing (issue 17): the UIDLs file keeps its inode
// and modification time and no journal appears, so a cron job over a big kept mailbox
// costs no rewrite and no fsync. A run that does record a mail still writes it.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <string>

#include "support/fake_pop3_server.hpp"
#include "support/file_identity.hpp"
#include "support/mpop_runner.hpp"
#include "support/scripted_server.hpp"

namespace mpop::testing {
namespace {

TEST(NothingNewTest, WritesNoUidlsFile) {
  ScriptedServer scripted;
  scripted.SetMails({"Subject: 1\n\nbody\n", "Subject: 2\n\nbody\n"});
  FakePop3Server server(scripted.Greeting(), scripted.SocketResponder());
  MpopHome home;
  const std::string maildir = home.MakeMaildir("Mail");
  const std::string uidls = home.home() + "/uidls";
  home.WriteConfig("account default\nhost 127.0.0.1\nport " + std::to_string(server.port()) +
                   "\nuser joe\npassword secret\nauth user\ntls off\nkeep on\n"
                   "delivery maildir " +
                   maildir + "\nuidls_file " + uidls + "\n");
  RunResult first = home.Run({"-q"});
  ASSERT_TRUE(first.ok()) << first.Describe();
  const FileIdentity written = Identify(uidls);
  const std::string content = ReadFile(uidls);

  RunResult second = home.Run({"-q"});
  ASSERT_TRUE(second.ok()) << second.Describe();
  EXPECT_EQ(FilesIn(maildir + "/new").size(), 2u);
  EXPECT_TRUE(Identify(uidls) == written) << "the UIDLs file was rewritten";
  EXPECT_FALSE(std::filesystem::exists(uidls + ".journal"));
  EXPECT_EQ(ReadFile(uidls), content);

  scripted.SetMails({"Subject: 1\n\nbody\n", "Subject: 2\n\nbody\n", "Subject: 3\n\nbody\n"});
  RunResult third = home.Run({"-q"});
  ASSERT_TRUE(third.ok()) << third.Describe();
  EXPECT_EQ(FilesIn(maildir + "/new").size(), 3u);
  EXPECT_FALSE(Identify(uidls) == written) << "a new mail must be recorded";
  EXPECT_NE(ReadFile(uidls).find("uid-3"), std::string::npos) << ReadFile(uidls);
}

}  // namespace
}  // namespace mpop::testing
