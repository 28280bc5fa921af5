// The real mpop with its UIDLs file on a full file system (a small tmpfs, mounted by the
// test; skipped where mounting is not permitted): the journal append fails with one clear
// line, no DELE is sent, and once there is room again every mail arrives exactly once.
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include <fstream>
#include <set>
#include <string>

#include "support/fake_pop3_server.hpp"
#include "support/mpop_runner.hpp"
#include "support/scripted_server.hpp"
#include "support/temp_dir.hpp"

namespace mpop::testing {
namespace {

// A tmpfs of 64 KiB on a directory, unmounted on destruction.
class SmallTmpfs {
 public:
  explicit SmallTmpfs(const std::string& dir) : dir_(dir) {
    ::mkdir(dir.c_str(), 0700);
    mounted_ = ::mount("tmpfs", dir.c_str(), "tmpfs", 0, "size=64k,mode=0700") == 0;
  }
  ~SmallTmpfs() {
    if (mounted_) ::umount2(dir_.c_str(), MNT_DETACH);
  }
  bool mounted() const { return mounted_; }
  // Writes a file until the file system is full.
  void Fill(const std::string& name) const {
    std::ofstream filler(dir_ + "/" + name, std::ios::binary);
    std::string block(4096, 'x');
    while (filler.write(block.data(), static_cast<std::streamsize>(block.size()))) filler.flush();
  }

 private:
  std::string dir_;
  bool mounted_ = false;
};

TEST(FullDiskTest, JournalAppendOnAFullDiskSendsNoDeleAndLosesNothing) {
  MpopHome home;
  SmallTmpfs tmpfs(home.home() + "/small");
  if (!tmpfs.mounted()) GTEST_SKIP() << "cannot mount a tmpfs here";
  const std::string maildir = home.MakeMaildir("Mail");
  ScriptedServer scripted;
  scripted.mails = {{"u1", "Subject: 1\n\none\n", std::nullopt},
                    {"u2", "Subject: 2\n\ntwo\n", std::nullopt}};
  FakePop3Server server(scripted.Greeting(), [&](const std::string& command) {
    return FakeReply{scripted.Respond(command)};
  });
  const std::string uidls = home.home() + "/small/uidls";
  home.WriteConfig("account default\nhost 127.0.0.1\nport " + std::to_string(server.port()) +
                   "\nuser joe\npassword secret\nauth user\ntls off\ntimeout 5\n"
                   "delivery maildir " +
                   maildir + "\nuidls_file " + uidls + "\n");
  tmpfs.Fill("filler");

  RunResult full = home.Run({"-q"}, std::chrono::seconds(30));
  EXPECT_EQ(full.exit_code, 74) << full.Describe();
  // The error, then the account line every failed account gets (as upstream).
  EXPECT_EQ(full.err, "mpop: cannot write " + uidls +
                          ".journal: No space left on device\n"
                          "mpop: error during mail retrieval (account default from " +
                          home.home() + "/.mpoprc)\n");
  EXPECT_FALSE(server.received("DELE 1"));
  EXPECT_FALSE(server.received("DELE 2"));
  EXPECT_TRUE(scripted.deleted.empty());
  EXPECT_TRUE(FilesIn(maildir + "/new").empty());

  ASSERT_EQ(::unlink((home.home() + "/small/filler").c_str()), 0);
  RunResult again = home.Run({"-q"}, std::chrono::seconds(30));
  ASSERT_TRUE(again.ok()) << again.Describe();
  std::multiset<std::string> delivered;
  for (const std::string& file : FilesIn(maildir + "/new")) delivered.insert(ReadFile(file));
  EXPECT_EQ(delivered.size(), 2u);
  EXPECT_EQ(scripted.deleted, (std::set<long>{1, 2}));
}

}  // namespace
}  // namespace mpop::testing
