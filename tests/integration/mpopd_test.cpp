// The real mpopd binary (MPOPD_BIN) on 127.0.0.1, with real POP3 clients: Debian's mpop,
// fetchmail, curl, Python's poplib, getmail6, and our own mpop (MPOP_BIN). Each client
// retrieves 500 mails byte-exact and deletes them; with keep, UIDs stay the same across
// sessions and restarts. Then concurrency, locking, hostile input, time-outs, the session
// cap, the failure delay, SIGTERM and --inetd. A client that is not installed is a skip.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "support/delivered_mails.hpp"
#include "support/loopback.hpp"
#include "support/mail_factory.hpp"
#include "support/mpop_runner.hpp"
#include "support/mpopd_process.hpp"
#include "support/process.hpp"
#include "support/raw_pop3_client.hpp"
#include "support/temp_dir.hpp"
#include "support/wait_until.hpp"

namespace mpop::testing {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr const char* kDebianMpop = "/usr/bin/mpop";
constexpr const char* kFetchmail = "/usr/bin/fetchmail";
constexpr const char* kCurl = "/usr/bin/curl";
constexpr const char* kGetmail = "/usr/bin/getmail";
constexpr const char* kPython = "/usr/bin/python3";
constexpr int kMailCount = 500;

// ---------------------------------------------------------------- fixtures

// Writes the mails into maildir/new as 0001.mail, ... with increasing mtimes (delivery
// order = message order).
void FillMaildir(const std::string& maildir, const std::vector<std::string>& mails) {
  for (std::size_t i = 0; i < mails.size(); ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "/new/%04zu.mail", i + 1);
    const std::string path = maildir + name;
    WriteFile(path, mails[i]);
    timespec times[2] = {{static_cast<time_t>(1000000 + i), 0},
                         {static_cast<time_t>(1000000 + i), 0}};
    ::utimensat(AT_FDCWD, path.c_str(), times, 0);
  }
}

std::size_t MailsIn(const std::string& maildir) {
  return FilesIn(maildir + "/new").size() + FilesIn(maildir + "/cur").size();
}

// 500 LF mails with every tricky line kind; a few long-lined, unterminated, larger ones.
// long_lines = false for fetchmail, which splits lines longer than its 8 KiB buffer.
std::vector<std::string> TestMails(int count = kMailCount, bool long_lines = true) {
  std::vector<std::string> mails = MakeMails(
      count, {.seed = 11, .size = 1500, .from_lines = true, .dot_lines = true, .eight_bit = true});
  if (count > 10) {
    mails[2] =
        MakeMail({.seed = 12, .size = 40000, .dot_lines = true, .long_lines = long_lines}, 3);
    mails[4] = MakeMail({.seed = 13, .size = 700, .no_final_newline = true}, 5);
    mails[6] = MakeMail({.seed = 14, .size = 300000, .dot_lines = true}, 7);
  }
  return mails;
}

class MpopdTest : public ::testing::Test {
 protected:
  void SetUp() override {
    maildir_ = dir_.File("served");
    MakeMaildir(maildir_);
    log_ = dir_.File("mpopd.log");
  }
  Status StartServer(std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"--auth=alice,echo alicepw", "--maildir=" + maildir_};
    args.insert(args.end(), extra.begin(), extra.end());
    return server_.Start(args, log_);
  }

  // Runs a Python script with Debian's python3 (poplib is in its standard library).
  Result<RunResult> Python(const std::string& script, std::vector<std::string> args) {
    MPOP_TRY(RequireExecutable(kPython));
    std::vector<std::string> argv = {kPython, "-c", script};
    argv.insert(argv.end(), args.begin(), args.end());
    return RunCommand({.argv = argv}, {.timeout = milliseconds(120000)});
  }

  // poplib: UIDL listing as "n uid" lines, one string.
  Result<std::string> PoplibUidl() {
    Result<RunResult> run = Python(R"(
import poplib, sys
p = poplib.POP3('127.0.0.1', int(sys.argv[1]), timeout=30)
p.user('alice'); p.pass_('alicepw')
for l in p.uidl()[1]: print(l.decode())
p.quit()
)",
                                   {std::to_string(server_.port())});
    if (!run) return std::move(run).error();
    if (!run->ok()) return Error::Software("poplib UIDL: " + run->Describe());
    return run->out;
  }

  // The end of mpopd's log, for failure messages.
  std::string LogTail() const {
    const std::string log = ReadFile(log_);
    return "\nmpopd log (end):\n" + log.substr(log.size() > 3000 ? log.size() - 3000 : 0);
  }

  // A fresh session's STAT reply through the raw client.
  std::string Stat() {
    RawClient client;
    if (!client.Connect(server_.port())) return "cannot connect";
    client.Line();
    client.Command("USER alice");
    client.Command("PASS alicepw");
    std::string stat = client.Command("STAT");
    client.Command("QUIT");
    return stat;
  }

  ScopedTempDir dir_;
  std::string maildir_;
  std::string log_;
  MpopdProcess server_;
};

// Every file under `root` with its size and modification time, except mpopd's own log and
// lock (directories only by name): to show that hostile sessions touch nothing.
std::map<std::string, std::string> Snapshot(const fs::path& root) {
  std::map<std::string, std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    const std::string name = entry.path().filename().string();
    if (name.starts_with("mpopd.log") || name == "mpopd.lock") continue;
    struct stat st {};
    ::lstat(entry.path().c_str(), &st);
    if (S_ISDIR(st.st_mode)) {  // creating mpopd.lock changes the maildir's mtime
      files[entry.path().string()] = "directory";
      continue;
    }
    files[entry.path().string()] = std::to_string(st.st_size) + "@" +
                                   std::to_string(st.st_mtim.tv_sec) + "." +
                                   std::to_string(st.st_mtim.tv_nsec);
  }
  return files;
}

// ---------------------------------------------------------------- real clients

TEST_F(MpopdTest, DebianMpopRetrievesAndDeletes) {
  MPOP_REQUIRE(RequireExecutable(kDebianMpop));
  const std::vector<std::string> mails = TestMails();
  FillMaildir(maildir_, mails);
  MPOP_REQUIRE(StartServer());
  const std::string out = dir_.File("out");
  MakeMaildir(out);
  const std::string rc = dir_.File("mpoprc");
  WriteFile(rc, "account default\nhost 127.0.0.1\nport " + std::to_string(server_.port()) +
                    "\ntls off\nauth user\nuser alice\npassword alicepw\ndelivery maildir " + out +
                    "\nuidls_file " + dir_.File("uidls") + "\n");
  ::chmod(rc.c_str(), 0600);
  Result<RunResult> run = RunCommand({.argv = {kDebianMpop, "-C", rc, "-q"}});
  ASSERT_TRUE(run.has_value()) << run.error().message;
  ASSERT_TRUE(run->ok()) << run->Describe() << LogTail();
  EXPECT_TRUE(SameMails(ReadDelivered(out + "/new", 0, true), AsDelivered(mails)));
  EXPECT_EQ(MailsIn(maildir_), 0u);
  EXPECT_EQ(Stat(), "+OK 0 0");
}

TEST_F(MpopdTest, DebianMpopWithKeepSeesTheSameUidsAcrossSessionsAndRestarts) {
  MPOP_REQUIRE(RequireExecutable(kDebianMpop));
  const std::vector<std::string> mails = TestMails(50);
  FillMaildir(maildir_, mails);
  MPOP_REQUIRE(StartServer());
  const std::string out = dir_.File("out");
  MakeMaildir(out);
  const std::string rc = dir_.File("mpoprc");
  auto write_rc = [&] {
    WriteFile(rc, "account default\nhost 127.0.0.1\nport " + std::to_string(server_.port()) +
                      "\ntls off\nauth user\nuser alice\npassword alicepw\nkeep on\n"
                      "delivery maildir " +
                      out + "\nuidls_file " + dir_.File("uidls") + "\n");
    ::chmod(rc.c_str(), 0600);
  };
  write_rc();
  auto fetch = [&] {
    Result<RunResult> run = RunCommand({.argv = {kDebianMpop, "-C", rc, "-q"}});
    EXPECT_TRUE(run.has_value() && run->ok()) << (run ? run->Describe() : run.error().message);
    return FilesIn(out + "/new").size();
  };
  EXPECT_EQ(fetch(), 50u);
  // A mail client moves some mails to cur/ meanwhile: their UIDs must not change.
  for (int i = 1; i <= 5; ++i) {
    char name[16];
    std::snprintf(name, sizeof name, "%04d.mail", i);
    fs::rename(maildir_ + "/new/" + name, maildir_ + "/cur/" + name + ":2,S");
  }
  EXPECT_EQ(fetch(), 50u);  // nothing new: every UID was known
  server_.process().Stop(SIGTERM, seconds(5));
  MPOP_REQUIRE(StartServer());
  write_rc();
  EXPECT_EQ(fetch(), 50u);
  EXPECT_EQ(MailsIn(maildir_), 50u);
}

TEST_F(MpopdTest, PoplibRetrievesAndDeletes) {
  const std::vector<std::string> mails = TestMails();
  FillMaildir(maildir_, mails);
  MPOP_REQUIRE(StartServer());
  const std::string out = dir_.File("out");
  fs::create_directories(out);
  Result<RunResult> run = Python(R"(
import poplib, sys, os
poplib._MAXLINE = 1 << 20  # the test mails have lines of 12 KiB
p = poplib.POP3('127.0.0.1', int(sys.argv[1]), timeout=30)
p.user('alice'); p.pass_('alicepw')
count, size = p.stat()
total = 0
for i in range(1, count + 1):
    _, lines, octets = p.retr(i)
    data = b'\r\n'.join(lines) + b'\r\n'
    total += len(data)
    open(os.path.join(sys.argv[2], '%d' % i), 'wb').write(data)
    p.dele(i)
p.quit()
print(count, size == total)
)",
                                 {std::to_string(server_.port()), out});
  ASSERT_TRUE(run.has_value()) << run.error().message;
  ASSERT_TRUE(run->ok()) << run->Describe() << LogTail();
  // STAT's size is exactly what was sent.
  EXPECT_EQ(run->out, "500 True\n");
  EXPECT_TRUE(SameMails(ReadDelivered(out, 0, false), AsSentOnTheWire(mails)));
  EXPECT_EQ(MailsIn(maildir_), 0u);
  EXPECT_EQ(Stat(), "+OK 0 0");
}

TEST_F(MpopdTest, PoplibUidsAreStableAcrossSessionsAndRestarts) {
  FillMaildir(maildir_, TestMails(20));
  MPOP_REQUIRE(StartServer());
  Result<std::string> first = PoplibUidl();
  ASSERT_TRUE(first.has_value()) << first.error().message;
  EXPECT_TRUE(first->starts_with("1 0001.mail\n")) << *first;
  Result<std::string> second = PoplibUidl();
  ASSERT_TRUE(second.has_value()) << second.error().message;
  EXPECT_EQ(*second, *first);
  server_.process().Stop(SIGTERM, seconds(5));
  MPOP_REQUIRE(StartServer());
  Result<std::string> third = PoplibUidl();
  ASSERT_TRUE(third.has_value()) << third.error().message;
  EXPECT_EQ(*third, *first);
}

TEST_F(MpopdTest, CurlRetrievesAndDeletes) {
  MPOP_REQUIRE(RequireExecutable(kCurl));
  const std::vector<std::string> mails = TestMails();
  FillMaildir(maildir_, mails);
  MPOP_REQUIRE(StartServer());
  const std::string out = dir_.File("out");
  fs::create_directories(out);
  const std::string url = "pop3://127.0.0.1:" + std::to_string(server_.port()) + "/";
  // One curl for all RETRs (it reuses the connection), then one for all DELEs.
  std::vector<std::string> argv = {kCurl, "-sS", "--user", "alice:alicepw"};
  for (int i = 1; i <= kMailCount; ++i) {
    argv.insert(argv.end(), {url + std::to_string(i), "-o", out + "/" + std::to_string(i)});
  }
  Result<RunResult> run = RunCommand({.argv = argv}, {.timeout = milliseconds(120000)});
  ASSERT_TRUE(run.has_value()) << run.error().message;
  ASSERT_TRUE(run->ok()) << run->Describe() << LogTail();
  EXPECT_TRUE(SameMails(ReadDelivered(out, 0, false), AsSentOnTheWire(mails)));
  EXPECT_EQ(MailsIn(maildir_), static_cast<std::size_t>(kMailCount));  // RETR keeps them

  argv = {kCurl, "-sS", "--user", "alice:alicepw", url, "-X", "DELE 1", "-I"};
  for (int i = 2; i <= kMailCount; ++i) {
    argv.insert(argv.end(), {"--next", "--user", "alice:alicepw", url, "-X",
                             "DELE " + std::to_string(i), "-I"});
  }
  run = RunCommand({.argv = argv}, {.timeout = milliseconds(120000)});
  ASSERT_TRUE(run.has_value()) << run.error().message;
  ASSERT_TRUE(run->ok()) << run->Describe() << LogTail();
  EXPECT_EQ(MailsIn(maildir_), 0u);
  // curl's LIST of the empty mailbox lists nothing (it prints the CRLF before the final
  // dot, as it does with Dovecot).
  run = RunCommand({.argv = {kCurl, "-sS", "--user", "alice:alicepw", url}});
  ASSERT_TRUE(run.has_value() && run->ok());
  EXPECT_EQ(run->out.find_first_not_of("\r\n"), std::string::npos) << run->out;
  EXPECT_EQ(Stat(), "+OK 0 0");
}

TEST_F(MpopdTest, FetchmailRetrievesAndDeletes) {
  MPOP_REQUIRE(RequireExecutable(kFetchmail));
  const std::vector<std::string> mails = TestMails(kMailCount, false);
  FillMaildir(maildir_, mails);
  MPOP_REQUIRE(StartServer());
  const std::string out = dir_.File("out");
  fs::create_directories(out);
  const std::string rc = dir_.File("fetchmailrc");
  WriteFile(rc, "set no syslog\nset no bouncemail\npoll 127.0.0.1 service " +
                    std::to_string(server_.port()) +
                    " protocol pop3 auth password\n  user \"alice\" there with password "
                    "\"alicepw\" is \"root\" here\n  fetchall sslproto \"\"\n  mda \"/bin/sh "
                    "-c 'cat > " +
                    out + "/$$'\"\n");
  ::chmod(rc.c_str(), 0600);
  Result<RunResult> run = RunCommand({.argv = {kFetchmail, "-f", rc, "--nodetach", "--silent"},
                                      .env = {{"FETCHMAILHOME", dir_.path().string()}}},
                                     {.timeout = milliseconds(180000)});
  ASSERT_TRUE(run.has_value()) << run.error().message;
  ASSERT_TRUE(run->ok()) << run->Describe() << LogTail();
  EXPECT_TRUE(SameMails(ReadDelivered(out, 0, true), AsDelivered(mails)));
  EXPECT_EQ(MailsIn(maildir_), 0u);
  EXPECT_EQ(Stat(), "+OK 0 0");
}

TEST_F(MpopdTest, GetmailRetrievesAndDeletes) {
  MPOP_REQUIRE(RequireExecutable(kGetmail));
  const std::vector<std::string> mails = TestMails();
  FillMaildir(maildir_, mails);
  MPOP_REQUIRE(StartServer());
  const std::string out = dir_.File("out");
  MakeMaildir(out);
  // getmail refuses to deliver as root: as root, deliver as nobody into nobody's maildir.
  std::string user_line;
  if (::geteuid() == 0) {
    user_line = "user = nobody\n";
    ::chmod(dir_.path().c_str(), 0755);
    RunCommand({.argv = {"chown", "-R", "nobody:nogroup", out}}).value();
  }
  WriteFile(dir_.File("getmailrc"),
            "[retriever]\ntype = SimplePOP3Retriever\nserver = 127.0.0.1\nport = " +
                std::to_string(server_.port()) +
                "\nusername = alice\npassword = alicepw\n\n[destination]\ntype = Maildir\n"
                "path = " +
                out + "/\n" + user_line +
                "\n[options]\nread_all = true\ndelete = true\nverbose = 0\n");
  // getmail forks a child per mail and learns of its exit from a SIGCHLD handler that
  // notifies a condition variable (getmailcore/baseclasses.py, ForkingBase): a child that
  // exits before the handler is installed, or before the wait begins, goes unnoticed and
  // getmail waits out its 180 s timeout (about one run in ten under load). So getmail runs
  // with that wait replaced by a plain waitpid; its protocol side is untouched.
  MPOP_REQUIRE(RequireExecutable(kPython));
  const std::string without_fork_race = R"(
import os, runpy, sys
from getmailcore import baseclasses
def wait_for_child(self, childpid):
    status = os.waitpid(childpid, 0)[1]
    if not os.WIFEXITED(status):
        raise baseclasses.getmailOperationError('child %d failed to exit' % childpid)
    return os.WEXITSTATUS(status)
baseclasses.ForkingBase._prepare_child = lambda self: None
baseclasses.ForkingBase._wait_for_child = wait_for_child
sys.argv = sys.argv[1:]
runpy.run_path(sys.argv[0], run_name='__main__')
)";
  Result<RunResult> run =
      RunCommand({.argv = {kPython, "-c", without_fork_race, kGetmail, "--getmaildir",
                           dir_.path().string(), "--rcfile", "getmailrc"}},
                 {.timeout = milliseconds(180000)});
  ASSERT_TRUE(run.has_value()) << run.error().message;
  ASSERT_TRUE(run->ok()) << run->Describe() << LogTail();
  // getmail adds Return-Path: and Delivered-To: lines before its Received: header.
  EXPECT_TRUE(SameMails(ReadDelivered(out + "/new", 2, true), AsDelivered(mails)));
  EXPECT_EQ(MailsIn(maildir_), 0u);
  EXPECT_EQ(Stat(), "+OK 0 0");
}

TEST_F(MpopdTest, OurMpopRetrievesAndDeletes) {
  MPOP_REQUIRE(RequireExecutable(MPOP_BIN));
  const std::vector<std::string> mails = TestMails();
  FillMaildir(maildir_, mails);
  MPOP_REQUIRE(StartServer());
  MpopHome home;
  const std::string out = home.MakeMaildir("Mail");
  home.WriteConfig(DovecotAccount("default", server_.port(), "alice", "alicepw", out));
  RunResult run = home.Run({"-q"});
  ASSERT_TRUE(run.ok()) << run.Describe();
  EXPECT_TRUE(SameMails(ReadDelivered(out + "/new", 0, true), AsDelivered(mails)));
  EXPECT_EQ(MailsIn(maildir_), 0u);
  EXPECT_EQ(Stat(), "+OK 0 0");
}

TEST_F(MpopdTest, OurMpopChoosesScramWithoutBeingTold) {
  // The demo's configuration: no TLS on loopback and no `auth` line. mpop's automatic
  // choice takes SCRAM-SHA-256 without TLS (doc/COMPAT.md 4.1), which mpopd offers.
  MPOP_REQUIRE(RequireExecutable(MPOP_BIN));
  const std::vector<std::string> mails = TestMails(20);
  FillMaildir(maildir_, mails);
  MPOP_REQUIRE(StartServer());
  MpopHome home;
  const std::string out = home.MakeMaildir("Mail");
  home.WriteConfig("account default\nhost 127.0.0.1\nport " + std::to_string(server_.port()) +
                   "\ntls off\nuser alice\npasswordeval echo alicepw\ndelivery maildir " + out +
                   "\n");
  RunResult run = home.Run({"-d"});
  ASSERT_TRUE(run.ok()) << run.Describe();
  EXPECT_NE(run.out.find("--> AUTH SCRAM-SHA-256 "), std::string::npos) << run.out;
  EXPECT_TRUE(SameMails(ReadDelivered(out + "/new", 0, true), AsDelivered(mails)));
  EXPECT_EQ(MailsIn(maildir_), 0u);
  EXPECT_NE(ReadFile(log_).find("info: user alice authorized and mailbox locked"),
            std::string::npos);
}

TEST_F(MpopdTest, OurMpopWithKeepFetchesNothingTwiceAcrossRestarts) {
  MPOP_REQUIRE(RequireExecutable(MPOP_BIN));
  FillMaildir(maildir_, TestMails(30));
  MPOP_REQUIRE(StartServer());
  MpopHome home;
  const std::string out = home.MakeMaildir("Mail");
  auto fetch = [&] {
    home.WriteConfig(
        DovecotAccount("default", server_.port(), "alice", "alicepw", out, "keep on\n"));
    RunResult run = home.Run({"-q"});
    EXPECT_TRUE(run.ok()) << run.Describe();
    return FilesIn(out + "/new").size();
  };
  EXPECT_EQ(fetch(), 30u);
  EXPECT_EQ(fetch(), 30u);
  server_.process().Stop(SIGTERM, seconds(5));
  MPOP_REQUIRE(StartServer());
  EXPECT_EQ(fetch(), 30u);
  EXPECT_EQ(MailsIn(maildir_), 30u);
}

TEST_F(MpopdTest, SaslPlainAndScramWithCurlAndDebianMpop) {
  const std::vector<std::string> mails = TestMails(5);
  FillMaildir(maildir_, mails);
  MPOP_REQUIRE(StartServer());
  if (RequireExecutable(kCurl)) {
    const std::string url = "pop3://127.0.0.1:" + std::to_string(server_.port()) + "/";
    Result<RunResult> run = RunCommand({.argv = {kCurl, "-sS", "--login-options", "AUTH=PLAIN",
                                                 "--user", "alice:alicepw", url + "2"}});
    ASSERT_TRUE(run.has_value()) << run.error().message;
    ASSERT_TRUE(run->ok()) << run->Describe() << LogTail();
    EXPECT_EQ(run->out, AsSentOnTheWire(mails)[1]);
    run = RunCommand({.argv = {kCurl, "-sS", "--login-options", "AUTH=PLAIN", "--user",
                               "alice:wrong", url + "2"}});
    ASSERT_TRUE(run.has_value()) << run.error().message;
    EXPECT_FALSE(run->ok());
  }
  if (RequireExecutable(kDebianMpop)) {
    const std::string out = dir_.File("out");
    MakeMaildir(out);
    const std::string rc = dir_.File("mpoprc");
    auto fetch = [&](const std::string& auth) {
      WriteFile(rc, "account default\nhost 127.0.0.1\nport " + std::to_string(server_.port()) +
                        "\ntls off\n" + auth + "user alice\npassword alicepw\nkeep on\n" +
                        "delivery maildir " + out + "\nuidls_file " + dir_.File("uidls") + "\n");
      ::chmod(rc.c_str(), 0600);
      fs::remove(dir_.File("uidls"));
      Result<RunResult> run = RunCommand({.argv = {kDebianMpop, "-C", rc, "-d"}});
      EXPECT_TRUE(run.has_value() && run->ok()) << (run ? run->Describe() : run.error().message);
      return run ? run->out : "";
    };
    // Chosen explicitly: PLAIN.
    EXPECT_NE(fetch("auth plain\n").find("--> AUTH PLAIN"), std::string::npos);
    EXPECT_TRUE(SameMails(ReadDelivered(out + "/new", 0, true), AsDelivered(mails)));
    // Chosen automatically without TLS: SCRAM-SHA-256, which does not reveal the password.
    for (const std::string& path : FilesIn(out + "/new")) fs::remove(path);
    EXPECT_NE(fetch("").find("--> AUTH SCRAM-SHA-256"), std::string::npos);
    EXPECT_TRUE(SameMails(ReadDelivered(out + "/new", 0, true), AsDelivered(mails)));
    EXPECT_EQ(MailsIn(maildir_), 5u);
  }
  EXPECT_NE(ReadFile(log_).find("authentication for user alice failed: invalid credentials"),
            std::string::npos);
}

// ---------------------------------------------------------------- sessions and locks

TEST_F(MpopdTest, FiftyConcurrentSessionsOnDifferentMaildirs) {
  constexpr int kUsers = 50;
  std::vector<std::string> args = {"--max-sessions=64"};
  for (int i = 0; i < kUsers; ++i) {
    const std::string md = dir_.File("md" + std::to_string(i));
    MakeMaildir(md);
    FillMaildir(md, MakeMails(20, {.seed = static_cast<std::uint32_t>(i + 1), .size = 3000}));
    args.push_back("--auth=user" + std::to_string(i) + ",echo pw" + std::to_string(i));
    args.push_back("--maildir=" + md);
  }
  MPOP_REQUIRE(server_.Start(args, log_));
  std::atomic<int> ready = 0;
  std::atomic<int> succeeded = 0;
  std::vector<std::thread> threads;
  for (int i = 0; i < kUsers; ++i) {
    threads.emplace_back([&, i] {
      RawClient client;
      if (!client.Connect(server_.port())) return;
      client.Line();
      client.Command("USER user" + std::to_string(i));
      if (!client.Command("PASS pw" + std::to_string(i)).starts_with("+OK 20 messages")) return;
      // All 50 are logged in at the same time before anyone retrieves.
      ++ready;
      const Clock::time_point deadline = Clock::now() + seconds(30);
      while (ready < kUsers && Clock::now() < deadline) std::this_thread::yield();
      if (!client.Command("STAT").starts_with("+OK 20 ")) return;
      for (int m = 1; m <= 20; ++m) {
        if (!client.Command("RETR " + std::to_string(m)).starts_with("+OK")) return;
        client.Body();
        if (client.Command("DELE " + std::to_string(m)) !=
            "+OK message " + std::to_string(m) + " deleted") {
          return;
        }
      }
      if (client.Command("QUIT").starts_with("+OK")) ++succeeded;
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(succeeded, kUsers);
  for (int i = 0; i < kUsers; ++i) EXPECT_EQ(MailsIn(dir_.File("md" + std::to_string(i))), 0u);
}

TEST_F(MpopdTest, SecondSessionOnTheSameMaildirIsInUse) {
  FillMaildir(maildir_, TestMails(3));
  MPOP_REQUIRE(StartServer());
  RawClient first;
  ASSERT_TRUE(first.Connect(server_.port()));
  first.Line();
  first.Command("USER alice");
  ASSERT_EQ(first.Command("PASS alicepw").substr(0, 14), "+OK 3 messages");
  RawClient second;
  ASSERT_TRUE(second.Connect(server_.port()));
  second.Line();
  second.Command("USER alice");
  EXPECT_EQ(second.Command("PASS alicepw"), "-ERR [IN-USE] mailbox is in use by another session");
  // Debian's mpopd takes the same lock file: it is shut out as well.
  if (RequireExecutable("/usr/bin/mpopd")) {
    Result<RunResult> run = RunCommand(
        {.argv = {"/usr/bin/mpopd", "--inetd", "--auth=alice,echo alicepw",
                  "--maildir=" + maildir_}},
        {.stdin_bytes = "USER alice\r\nPASS alicepw\r\nQUIT\r\n", .timeout = seconds(20)});
    ASSERT_TRUE(run.has_value()) << run.error().message;
    EXPECT_NE(run->out.find("-ERR cannot access mailbox"), std::string::npos) << run->out;
  }
  EXPECT_EQ(first.Command("QUIT"), "+OK mpopd signing off (0 messages deleted)");
  EXPECT_EQ(second.Command("USER alice"), "+OK send PASS");
  EXPECT_EQ(second.Command("PASS alicepw").substr(0, 14), "+OK 3 messages");
}

// ---------------------------------------------------------------- hostile clients

TEST_F(MpopdTest, MegabyteCommandLineIsRefused) {
  FillMaildir(maildir_, TestMails(3));
  MPOP_REQUIRE(StartServer());
  RawClient client;
  ASSERT_TRUE(client.Connect(server_.port()));
  client.Line();
  // The server closes early, so the send may fail half-way: that is fine.
  std::thread sender([&] { client.Send(std::string(1 << 20, 'A')); });
  EXPECT_EQ(client.Line(), "-ERR line too long");
  EXPECT_TRUE(client.WaitClosed(seconds(10)));
  ::shutdown(client.fd(), SHUT_RDWR);
  sender.join();
  EXPECT_TRUE(server_.process().Running());
  EXPECT_TRUE(Stat().starts_with("+OK 3 "));
}

TEST_F(MpopdTest, RandomBytesCrashNothingAndDeleteNothing) {
  FillMaildir(maildir_, TestMails(3));
  MPOP_REQUIRE(StartServer());
  std::mt19937 random(static_cast<unsigned>(::testing::UnitTest::GetInstance()->random_seed()));
  const std::map<std::string, std::string> before = Snapshot(dir_.path());
  std::string noise(10 << 20, '\0');
  for (char& c : noise) c = static_cast<char>(random());
  RawClient client;
  ASSERT_TRUE(client.Connect(server_.port()));
  std::thread sender([&] { client.Send(noise); });
  EXPECT_TRUE(client.WaitClosed(seconds(60)));
  ::shutdown(client.fd(), SHUT_RDWR);
  sender.join();
  EXPECT_TRUE(server_.process().Running());
  EXPECT_EQ(MailsIn(maildir_), 3u);
  // Random lines in the AUTHORIZATION state. The same after logging in:
  RawClient logged_in;
  ASSERT_TRUE(logged_in.Connect(server_.port()));
  logged_in.Line();
  logged_in.Command("USER alice");
  ASSERT_TRUE(logged_in.Command("PASS alicepw").starts_with("+OK"));
  std::thread sender2([&] { logged_in.Send(noise); });
  EXPECT_TRUE(logged_in.WaitClosed(seconds(60)));
  ::shutdown(logged_in.fd(), SHUT_RDWR);
  sender2.join();
  EXPECT_TRUE(server_.process().Running());
  EXPECT_EQ(MailsIn(maildir_), 3u);
  EXPECT_TRUE(Stat().starts_with("+OK 3 "));
  EXPECT_EQ(Snapshot(dir_.path()), before);  // nothing created, changed or removed
}

TEST_F(MpopdTest, CommandsInTheWrongStateAndBadNumbers) {
  FillMaildir(maildir_, TestMails(2));
  MPOP_REQUIRE(StartServer());
  RawClient client;
  ASSERT_TRUE(client.Connect(server_.port()));
  client.Line();
  EXPECT_EQ(client.Command("RETR 1"), "-ERR log in first (USER and PASS)");
  EXPECT_EQ(client.Command("PASS alicepw"), "-ERR send USER first");
  EXPECT_EQ(client.Command("USER alice"), "+OK send PASS");
  EXPECT_EQ(client.Command("STAT"), "-ERR send PASS after USER");
  EXPECT_EQ(client.Command("PASS alicepw"), "-ERR send USER first");
  client.Command("USER alice");
  ASSERT_TRUE(client.Command("PASS alicepw").starts_with("+OK 2 messages"));
  EXPECT_EQ(client.Command("USER alice"), "-ERR already logged in");
  for (std::string n : {"0", "-1", "3", "18446744073709551616", "x"}) {
    EXPECT_TRUE(client.Command("RETR " + n).starts_with("-ERR")) << n;
    EXPECT_TRUE(client.Command("DELE " + n).starts_with("-ERR")) << n;
  }
  client.Send("\r\n");  // no Command: drop the connection without QUIT
  client.Line();
  ::shutdown(client.fd(), SHUT_RDWR);
  // Until the server has noticed the dropped connection, the mailbox is still in use and
  // STAT comes too early ("-ERR log in first"); then nothing may have been deleted.
  std::string stat;
  EXPECT_TRUE(WaitUntil([&] {
    stat = Stat();
    return stat.starts_with("+OK");
  })) << stat;
  EXPECT_EQ(stat.substr(0, 6), "+OK 2 ");
}

TEST_F(MpopdTest, IdleClientTimesOutAndOthersAreServedMeanwhile) {
  FillMaildir(maildir_, TestMails(2));
  MPOP_REQUIRE(StartServer({"--idle-timeout=2"}));
  RawClient idle;
  ASSERT_TRUE(idle.Connect(server_.port()));
  EXPECT_EQ(idle.Line(), "+OK mpopd ready.");
  // While it sits there, another client is served.
  EXPECT_TRUE(Stat().starts_with("+OK 2 "));
  const Clock::time_point start = Clock::now();
  EXPECT_EQ(idle.Line(seconds(10)), "-ERR [SYS/TEMP] idle timeout, closing connection");
  EXPECT_TRUE(idle.WaitClosed(seconds(5)));
  EXPECT_LT(Clock::now() - start, seconds(4));
  EXPECT_NE(ReadFile(log_).find("info: session timed out"), std::string::npos);
}

TEST_F(MpopdTest, IdleConnectionsCannotExhaustTheSessions) {
  FillMaildir(maildir_, TestMails(2));
  MPOP_REQUIRE(StartServer({"--max-sessions=4", "--idle-timeout=2"}));
  // 100 connections that never say anything, and then more until all 4 places are taken
  // (the session of the start-up check may still be ending at first).
  std::vector<RawClient> idle(150);
  int greeted = 0;
  int turned_away = 0;
  for (std::size_t i = 0; i < idle.size() && (i < 100 || greeted < 4); ++i) {
    ASSERT_TRUE(idle[i].Connect(server_.port()));
    const std::string line = idle[i].Line();
    if (line == "+OK mpopd ready.") ++greeted;
    if (line == "-ERR [SYS/TEMP] too many sessions, try again later") ++turned_away;
  }
  EXPECT_EQ(greeted, 4);
  EXPECT_GE(turned_away, 96);
  const Clock::time_point full = Clock::now();
  // A real client gets served once the idle ones time out.
  Result<RunResult> run = RunResult{};
  const Clock::time_point deadline = Clock::now() + seconds(20);
  do {
    run = Python(R"(
import poplib, sys
p = poplib.POP3('127.0.0.1', int(sys.argv[1]), timeout=30)
p.user('alice'); p.pass_('alicepw')
print(p.stat()[0]); p.quit()
)",
                 {std::to_string(server_.port())});
    if (!run) GTEST_SKIP() << run.error().message;
  } while (!run->ok() && Clock::now() < deadline);
  EXPECT_EQ(run->out, "2\n") << run->Describe();
  // ... and not before: the idle sessions held every place until their time-out.
  EXPECT_GE(Clock::now() - full, milliseconds(1500));
}

TEST_F(MpopdTest, WrongPasswordsAreSlowedDownAndTheRightOneStillWorks) {
  FillMaildir(maildir_, TestMails(2));
  MPOP_REQUIRE(StartServer());
  RawClient client;
  ASSERT_TRUE(client.Connect(server_.port()));
  client.Line();
  const Clock::time_point start = Clock::now();
  for (int i = 0; i < 3; ++i) {
    client.Command("USER alice");
    EXPECT_EQ(client.Command("PASS wrong" + std::to_string(i)), "-ERR [AUTH] authorization failed");
  }
  // No delay for the first, then 1 s and 2 s.
  EXPECT_GE(Clock::now() - start, milliseconds(2900));
  // Another connection from the same address waits too (4 s), then gets in.
  RawClient other;
  ASSERT_TRUE(other.Connect(server_.port()));
  other.Line();
  other.Command("USER alice");
  const Clock::time_point before = Clock::now();
  EXPECT_TRUE(other.Command("PASS alicepw").starts_with("+OK 2 messages"));
  EXPECT_GE(Clock::now() - before, milliseconds(3900));
  other.Command("QUIT");
  // The success reset the delay.
  const Clock::time_point again = Clock::now();
  EXPECT_TRUE(Stat().starts_with("+OK 2 "));
  EXPECT_LT(Clock::now() - again, milliseconds(900));
  EXPECT_NE(ReadFile(log_).find("authorization for user alice failed: invalid credentials"),
            std::string::npos);
}

// ---------------------------------------------------------------- shutdown, inetd, start-up

TEST_F(MpopdTest, SigtermEndsSessionsWithoutDeleting) {
  FillMaildir(maildir_, TestMails(3));
  MPOP_REQUIRE(StartServer());
  RawClient client;
  ASSERT_TRUE(client.Connect(server_.port()));
  client.Line();
  client.Command("USER alice");
  client.Command("PASS alicepw");
  EXPECT_EQ(client.Command("DELE 1"), "+OK message 1 deleted");
  RunResult stopped = server_.process().Stop(SIGTERM, seconds(10));
  EXPECT_EQ(stopped.exit_code, 0) << stopped.Describe();
  EXPECT_TRUE(client.WaitClosed(seconds(1)));
  EXPECT_EQ(MailsIn(maildir_), 3u);
  EXPECT_NE(ReadFile(log_).find("info: shutting down"), std::string::npos);
}

TEST_F(MpopdTest, SighupIsIgnored) {
  MPOP_REQUIRE(StartServer());
  ::kill(server_.process().pid(), SIGHUP);
  EXPECT_FALSE(server_.process().WaitForExit(milliseconds(300)));
  EXPECT_EQ(Stat(), "+OK 0 0");
}

TEST_F(MpopdTest, InetdSessionThroughAPipe) {
  FillMaildir(maildir_, TestMails(2));
  Result<RunResult> run = RunCommand(
      {.argv = {MPOPD_BIN, "--inetd", "--auth=alice,echo alicepw", "--maildir=" + maildir_}},
      {.stdin_bytes = "CAPA\r\nUSER alice\r\nPASS alicepw\r\nSTAT\r\nUIDL\r\nDELE 2\r\nQUIT\r\n"});
  ASSERT_TRUE(run.has_value()) << run.error().message;
  EXPECT_EQ(run->exit_code, 0) << run->Describe();
  EXPECT_TRUE(run->out.starts_with("+OK mpopd ready.\r\n+OK capability list follows\r\n"));
  EXPECT_NE(run->out.find("+OK send PASS\r\n+OK 2 messages ("), std::string::npos) << run->out;
  EXPECT_NE(run->out.find("1 0001.mail\r\n2 0002.mail\r\n.\r\n"), std::string::npos);
  EXPECT_TRUE(run->out.ends_with(
      "+OK message 2 deleted\r\n+OK mpopd signing off (1 messages deleted)\r\n"));
  EXPECT_EQ(MailsIn(maildir_), 1u);
  // Without QUIT: exit status 1, nothing deleted.
  run = RunCommand(
      {.argv = {MPOPD_BIN, "--inetd", "--auth=alice,echo alicepw", "--maildir=" + maildir_}},
      {.stdin_bytes = "USER alice\r\nPASS alicepw\r\nDELE 1\r\n"});
  ASSERT_TRUE(run.has_value());
  EXPECT_EQ(run->exit_code, 1) << run->Describe();
  EXPECT_EQ(MailsIn(maildir_), 1u);
}

TEST_F(MpopdTest, InetdSessionDrivenByPoplibOverASocket) {
  // As inetd does: the connection is mpopd's stdin and stdout. poplib talks to the other
  // end of a socket pair instead of connecting.
  const std::vector<std::string> mails = TestMails(20);
  FillMaildir(maildir_, mails);
  const std::string out = dir_.File("out");
  fs::create_directories(out);
  Result<RunResult> run =
      Python(R"(
import poplib, socket, subprocess, sys, os
ours, theirs = socket.socketpair()
server = subprocess.Popen(sys.argv[1:5], stdin=theirs, stdout=theirs)
theirs.close()
class Inetd(poplib.POP3):
    def _create_socket(self, timeout):
        return ours
poplib._MAXLINE = 1 << 20
p = Inetd('inetd', 0, timeout=30)
p.user('alice'); p.pass_('alicepw')
count, size = p.stat()
for i in range(1, count + 1):
    data = b'\r\n'.join(p.retr(i)[1]) + b'\r\n'
    open(os.path.join(sys.argv[5], '%d' % i), 'wb').write(data)
    p.dele(i)
p.quit()
print(count, server.wait())
)",
             {MPOPD_BIN, "--inetd", "--auth=alice,echo alicepw", "--maildir=" + maildir_, out});
  ASSERT_TRUE(run.has_value()) << run.error().message;
  ASSERT_TRUE(run->ok()) << run->Describe() << LogTail();
  EXPECT_EQ(run->out, "20 0\n");
  EXPECT_TRUE(SameMails(ReadDelivered(out, 0, false), AsSentOnTheWire(mails)));
  EXPECT_EQ(MailsIn(maildir_), 0u);
}

TEST_F(MpopdTest, PasswordFromTheKeyRing) {
  // The manual's way (chapter 10.1): `secret-tool store ... host localhost service pop3 user
  // USER`, then --auth=USER. A private D-Bus session with an unlocked gnome-keyring.
  for (const char* tool :
       {"/usr/bin/dbus-run-session", "/usr/bin/gnome-keyring-daemon", "/usr/bin/secret-tool"}) {
    MPOP_REQUIRE(RequireExecutable(tool));
  }
  FillMaildir(maildir_, TestMails(2));
  const std::string home = dir_.File("home");
  const std::string run_dir = dir_.File("run");
  fs::create_directories(home);
  fs::create_directories(run_dir);
  ::chmod(run_dir.c_str(), 0700);
  const std::string script =
      "printf keyring-pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null && "
      "printf 'from the key ring' | secret-tool store --label=mpopd host localhost service "
      "pop3 user alice && exec \"$0\" --inetd --auth=alice \"--maildir=$1\"";
  Result<RunResult> run = RunCommand(
      {.argv = {"/usr/bin/dbus-run-session", "--", "/bin/sh", "-c", script, MPOPD_BIN, maildir_},
       .env = {{"HOME", home}, {"XDG_RUNTIME_DIR", run_dir}},
       .unset_env = {"DBUS_SESSION_BUS_ADDRESS", "GNOME_KEYRING_CONTROL"}},
      {.stdin_bytes = "USER alice\r\nPASS from the key ring\r\nSTAT\r\nQUIT\r\n",
       .timeout = seconds(60)});
  ASSERT_TRUE(run.has_value()) << run.error().message;
  EXPECT_EQ(run->exit_code, 0) << run->Describe();
  EXPECT_NE(run->out.find("+OK send PASS\r\n+OK 2 messages ("), std::string::npos) << run->out;
}

TEST_F(MpopdTest, StartupErrorsExitWith3) {
  struct Case {
    std::vector<std::string> args;
    std::string err;
  } cases[] = {
      {{}, "mpopd: no mailbox: give at least one --auth=USER and --maildir=DIR pair\n"},
      {{"--port=0", "--auth=a,echo x", "--maildir=/m"},
       "mpopd: invalid port '0': must be 1 to 65535\n"},
      {{"--auth=a", "--maildir=/m"},
       "mpopd: --auth=a: no password: give a command (--auth=a,COMMAND), store it in the key "
       "ring, or start mpopd on a terminal to be asked\n"},
      {{"--auth=a,exit 1", "--maildir=/m"},
       "mpopd: --auth=a: passwordeval: 'exit 1' failed with exit status 1\n"},
      {{"--log=/nonexistent/x", "--auth=a,echo x", "--maildir=/m"},
       "mpopd: cannot open log file /nonexistent/x: No such file or directory\n"},
      {{"--interface=192.0.2.1", "--port=1", "--auth=a,echo x", "--maildir=/m"},
       "mpopd: cannot listen on 192.0.2.1 port 1: Cannot assign requested address\n"},
  };
  for (const Case& c : cases) {
    std::vector<std::string> argv = {"setsid", "--wait", MPOPD_BIN};  // no terminal to ask on
    argv.insert(argv.end(), c.args.begin(), c.args.end());
    Result<RunResult> run = RunCommand({.argv = argv}, {.timeout = seconds(10)});
    ASSERT_TRUE(run.has_value()) << run.error().message;
    EXPECT_EQ(run->exit_code, 3) << c.err;
    EXPECT_EQ(run->err, c.err);
  }
  Result<RunResult> help = RunCommand({.argv = {MPOPD_BIN, "--help"}});
  ASSERT_TRUE(help.has_value());
  EXPECT_EQ(help->exit_code, 0);
  EXPECT_TRUE(help->out.starts_with("Usage: mpopd [option...]\n")) << help->out;
  Result<RunResult> version = RunCommand({.argv = {MPOPD_BIN, "--version"}});
  ASSERT_TRUE(version.has_value());
  EXPECT_EQ(version->exit_code, 0);
  EXPECT_TRUE(version->out.starts_with("mpopd version 1.4.23\n")) << version->out;
}

}  // namespace
}  // namespace mpop::testing
