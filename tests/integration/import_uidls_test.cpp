// --import-uidls against state made by the real fetchers (issue 20): Debian's fetchmail
// and getmail6 fetch a Dovecot mailbox that keeps its mails, mpop imports the file they
// leave (.fetchids, oldmail-*), and then fetches only the mails they had not.

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "support/dovecot_server.hpp"
#include "support/mail_factory.hpp"
#include "support/mpop_runner.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace mpop::testing {
namespace {

namespace fs = std::filesystem;

constexpr int kOld = 6;  // mails the other fetcher gets
constexpr int kNew = 3;  // mails that arrive after it

class ImportUidlsTest : public ::testing::Test {
 protected:
  void StartServer() {
    MPOP_REQUIRE(server_.Start({.users = {{"alice", "alicepw", MakeMails(kOld, {.seed = 8})}}}));
    maildir_ = home_.MakeMaildir("Mail");
    uidls_ = home_.home() + "/uidls";
    home_.WriteConfig(DovecotAccount("default", server_.pop3_port(), "alice", "alicepw", maildir_,
                                     "keep on\nuidls_file " + uidls_ + "\n"));
  }
  void AddNewMails() {
    for (int i = 1; i <= kNew; ++i) {
      ASSERT_TRUE(server_.AddMail("alice", MakeMail({.seed = 9}, kOld + i)).has_value());
    }
  }
  // Imports `file`, then runs mpop: only the kNew mails arrive, and a second run fetches
  // nothing.
  void ImportAndFetch(const std::string& file, const std::string& format) {
    RunResult import = home_.Run({"--import-uidls=" + file});
    ASSERT_TRUE(import.ok()) << import.Describe();
    EXPECT_EQ(import.out,
              "alice at 127.0.0.1: imported 6 UIDs (6 new) from " + file + " (" + format + ")\n");
    RunResult run = home_.Run({"-q"});
    ASSERT_TRUE(run.ok()) << run.Describe();
    std::vector<std::string> files = FilesIn(maildir_ + "/new");
    ASSERT_EQ(files.size(), static_cast<std::size_t>(kNew));
    for (const std::string& path : files) {
      const std::string mail = ReadFile(path);
      bool is_new = false;
      for (int i = 1; i <= kNew; ++i) {
        is_new = is_new || DeliveredMatches(mail, MakeMail({.seed = 9}, kOld + i));
      }
      EXPECT_TRUE(is_new) << "fetched a mail the other fetcher had: " << mail.substr(0, 300);
    }
    run = home_.Run({"-q"});
    ASSERT_TRUE(run.ok()) << run.Describe();
    EXPECT_EQ(FilesIn(maildir_ + "/new").size(), static_cast<std::size_t>(kNew));
  }

  DovecotServer server_;
  MpopHome home_;
  ScopedTempDir other_;  // the other fetcher's home
  std::string maildir_;
  std::string uidls_;
};

TEST_F(ImportUidlsTest, FetchmailFetchids) {
  if (::access("/usr/bin/fetchmail", X_OK) != 0) {
    GTEST_SKIP() << "component missing: fetchmail (apt install fetchmail)";
  }
  StartServer();
  const std::string dir = other_.path().string();
  const std::string rc = dir + "/fetchmailrc";
  WriteFile(rc, "set no bouncemail\npoll 127.0.0.1 protocol pop3 port " +
                    std::to_string(server_.pop3_port()) +
                    " uidl\n  user alice password alicepw keep sslproto \"\"\n"
                    "  mda \"cat > /dev/null\"\n");
  ASSERT_EQ(::chmod(rc.c_str(), 0600), 0);
  auto fetch = RunCommand({.argv = {"/usr/bin/fetchmail", "-f", rc, "--nodetach", "--nosyslog"},
                           .env = {{"FETCHMAILHOME", dir}, {"HOME", dir}}});
  ASSERT_TRUE(fetch) << fetch.error().message;
  ASSERT_TRUE(fetch->ok()) << fetch->Describe() << fetch->out;
  const std::string fetchids = dir + "/.fetchids";
  ASSERT_TRUE(fs::exists(fetchids)) << fetch->out << fetch->err;
  AddNewMails();
  ImportAndFetch(fetchids, "fetchmail .fetchids");
}

TEST_F(ImportUidlsTest, GetmailOldmail) {
  if (::access("/usr/bin/getmail", X_OK) != 0) {
    GTEST_SKIP() << "component missing: getmail6 (apt install getmail6)";
  }
  StartServer();
  const std::string dir = other_.path().string();
  // As root getmail6 refuses to deliver unless told to become another user, whose maildir
  // it must be.
  const std::string getmail_maildir = dir + "/md";
  for (const char* sub : {"", "/new", "/cur", "/tmp"}) fs::create_directory(getmail_maildir + sub);
  ASSERT_TRUE(RunCommand({.argv = {"chown", "-R", "nobody:nogroup", getmail_maildir}}));
  fs::permissions(dir, fs::perms::owner_all | fs::perms::group_exec | fs::perms::others_exec);
  const std::string rc = dir + "/getmailrc";
  WriteFile(rc, "[retriever]\ntype = SimplePOP3Retriever\nserver = 127.0.0.1\nport = " +
                    std::to_string(server_.pop3_port()) +
                    "\nusername = alice\npassword = alicepw\n\n[destination]\ntype = Maildir\n"
                    "path = " +
                    getmail_maildir +
                    "/\nuser = nobody\n\n[options]\nread_all = false\ndelete = false\n"
                    "verbose = 0\n");
  auto fetch = RunCommand(
      {.argv = {"/usr/bin/getmail", "--getmaildir", dir, "--rcfile", rc}, .env = {{"HOME", dir}}});
  ASSERT_TRUE(fetch) << fetch.error().message;
  ASSERT_TRUE(fetch->ok()) << fetch->Describe() << fetch->out;
  ASSERT_EQ(FilesIn(getmail_maildir + "/new").size(), static_cast<std::size_t>(kOld));
  const std::string oldmail =
      dir + "/oldmail-127.0.0.1-" + std::to_string(server_.pop3_port()) + "-alice";
  ASSERT_TRUE(fs::exists(oldmail)) << fetch->out << fetch->err;
  AddNewMails();
  ImportAndFetch(oldmail, "getmail6 oldmail");
}

TEST_F(ImportUidlsTest, AFileOfAnotherMailboxIsAnError) {
  StartServer();
  const std::string file = other_.File(".fetchids");
  WriteFile(file, "bob@pop.example.org 00000001abcd\n");
  RunResult import = home_.Run({"--import-uidls=" + file});
  EXPECT_EQ(import.exit_code, 65) << import.Describe();
  EXPECT_EQ(import.err, "mpop: " + file +
                            " (fetchmail .fetchids) holds no mailbox of the accounts given; it "
                            "holds: bob@pop.example.org\n");
  EXPECT_FALSE(fs::exists(uidls_));
}

}  // namespace
}  // namespace mpop::testing
