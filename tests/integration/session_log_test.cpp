// logfile and syslog (issue 19): one line per account session with host, user, counts,
// bytes and result, never a password; a log file shared by accounts that run at once
// gets whole lines; syslog goes through a real rsyslog that receives on /dev/log inside a
// private mount namespace, and the test reads what rsyslog wrote.

#include <gtest/gtest.h>

#include <algorithm>
#include <regex>
#include <string>
#include <vector>

#include "support/dovecot_server.hpp"
#include "support/mail_factory.hpp"
#include "support/mpop_runner.hpp"
#include "support/netns.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace mpop::testing {
namespace {

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    lines.push_back(text.substr(start, end - start));
    start = end == std::string::npos ? text.size() : end + 1;
  }
  return lines;
}

// "2026-12-05T21:01:02+0100 " then the session line.
const std::regex kTimestamp(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4} )");

std::string WithoutTimestamp(const std::string& line) {
  EXPECT_TRUE(std::regex_search(line, kTimestamp)) << line;
  return std::regex_replace(line, kTimestamp, "");
}

// The seconds vary: "seconds=0.123" becomes "seconds=S".
std::string WithoutSeconds(const std::string& line) {
  return std::regex_replace(line, std::regex(R"(seconds=\d+\.\d{3})"), "seconds=S");
}

class SessionLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    MPOP_REQUIRE(server_.Start({.users = {{"alice", "alice-secret-pw", MakeMails(3, {})},
                                          {"bob", "bob-secret-pw", MakeMails(2, {})}}}));
    maildir_ = home_.MakeMaildir("Mail");
    log_ = home_.home() + "/mpop.log";
  }

  void WriteConfig(const std::string& log_settings) {
    home_.WriteConfig(
        "defaults\n" + log_settings +
        DovecotAccount("alice", server_.pop3_port(), "alice", "alice-secret-pw", maildir_) +
        DovecotAccount("bob", server_.pop3_port(), "bob", "bob-secret-pw", maildir_) +
        DovecotAccount("wrong", server_.pop3_port(), "bob", "wrong-secret-pw", maildir_));
  }

  // `bytes`: the mails' sizes as Dovecot lists them (with CRLF line ends).
  std::string Expected(const std::string& account, const std::string& user, int mails, int bytes,
                       const std::string& result) const {
    return "host=127.0.0.1 user=" + user + " account=" + account +
           " listed=" + std::to_string(mails) + " new=" + std::to_string(mails) +
           " retrieved=" + std::to_string(mails) + " bytes=" + std::to_string(bytes) +
           " deleted=" + std::to_string(mails) + " seconds=S exitcode=" + result;
  }

  DovecotServer server_;
  MpopHome home_;
  std::string maildir_;
  std::string log_;
};

constexpr const char* kRejected =
    "host=127.0.0.1 user=bob account=wrong listed=0 new=0 retrieved=0 bytes=0 deleted=0 "
    "seconds=S exitcode=EX_NOPERM errormsg='POP3 server rejected PASS: \"-ERR [AUTH] "
    "Authentication failed.\" (the credentials were rejected; check the user name and "
    "password)'";

TEST_F(SessionLogTest, LogFileGetsOneWholeLinePerSession) {
  WriteConfig("logfile " + log_ + "\n");
  RunResult run = home_.Run({"-q", "-j3", "alice", "wrong", "bob"});
  EXPECT_EQ(run.exit_code, 77) << run.Describe();
  std::vector<std::string> lines = Lines(ReadFile(log_));
  ASSERT_EQ(lines.size(), 3u) << ReadFile(log_);
  std::vector<std::string> found;
  for (const std::string& line : lines) found.push_back(WithoutSeconds(WithoutTimestamp(line)));
  std::sort(found.begin(), found.end());
  EXPECT_EQ(found, (std::vector<std::string>{Expected("alice", "alice", 3, 3070, "EX_OK"),
                                             Expected("bob", "bob", 2, 2047, "EX_OK"), kRejected}));
  EXPECT_EQ(ReadFile(log_).find("secret-pw"), std::string::npos);

  // Appended, not replaced; --logfile overrides the file's setting.
  const std::string other = home_.home() + "/other.log";
  ASSERT_TRUE(home_.Run({"-q", "alice"}).ok());
  ASSERT_TRUE(home_.Run({"-q", "--logfile=" + other, "bob"}).ok());
  EXPECT_EQ(Lines(ReadFile(log_)).size(), 4u);
  ASSERT_EQ(Lines(ReadFile(other)).size(), 1u);
  EXPECT_EQ(WithoutSeconds(WithoutTimestamp(Lines(ReadFile(other))[0])),
            Expected("bob", "bob", 0, 0, "EX_OK"));
}

TEST_F(SessionLogTest, DashMeansStandardOutputButNotWithJson) {
  WriteConfig("logfile -\n");
  RunResult run = home_.Run({"-q", "alice"});
  ASSERT_TRUE(run.ok()) << run.Describe();
  ASSERT_EQ(Lines(run.out).size(), 1u) << run.out;
  EXPECT_EQ(WithoutSeconds(WithoutTimestamp(run.out.substr(0, run.out.size() - 1))),
            Expected("alice", "alice", 3, 3070, "EX_OK"));

  RunResult json = home_.Run({"--json", "alice"});
  EXPECT_EQ(json.exit_code, 64);
  EXPECT_EQ(json.out,
            "{\"account\":null,\"code\":64,\"code_name\":\"EX_USAGE\",\"message\":\"cannot use "
            "both --json and logfile - (standard output) in account alice\",\"schema\":1,"
            "\"type\":\"error\"}\n");
}

TEST_F(SessionLogTest, AnUnwritableLogFileIsAWarningNotAFailure) {
  WriteConfig("logfile " + home_.home() + "/no/such/dir/mpop.log\n");
  RunResult run = home_.Run({"-q", "alice"});
  EXPECT_TRUE(run.ok()) << run.Describe();
  EXPECT_EQ(run.err, "mpop: cannot open log file " + home_.home() +
                         "/no/such/dir/mpop.log: No such file or directory\n");
}

// Runs mpop inside a private mount namespace whose /dev/log is the socket of a private
// rsyslogd, and returns what rsyslogd wrote: "FACILITY.SEVERITY TAG MESSAGE" lines.
std::string RunWithSyslog(const MpopHome& home, const std::vector<std::string>& args,
                          RunResult& run, std::size_t expected_lines) {
  ScopedTempDir dir;
  const std::string d = dir.path().string();
  WriteFile(dir.File("rsyslog.conf"),
            "global(workDirectory=\"" + d +
                "\")\n"
                "module(load=\"imuxsock\" SysSock.Name=\"" +
                d +
                "/log.sock\" "
                "SysSock.RateLimit.Interval=\"0\")\n"
                "template(name=\"t\" type=\"string\" "
                "string=\"%syslogfacility-text%.%syslogseverity-text% %syslogtag%%msg%\\n\")\n"
                "*.* action(type=\"omfile\" file=\"" +
                d + "/syslog.txt\" template=\"t\")\n");
  std::string mpop = ShellQuote(MPOP_BIN);
  for (const std::string& arg : args) mpop += " " + ShellQuote(arg);
  // A tmpfs over /dev keeps the host's /dev untouched; the few devices a process needs are
  // bound back, and /dev/log is bound to rsyslogd's socket.
  const std::string script =
      "set -e\nmount --make-rprivate /\nmkdir " + d + "/dev\nmount --bind /dev " + d +
      "/dev\nmount -t tmpfs tmpfs /dev\n"
      "for n in null zero random urandom full tty; do touch /dev/$n; mount --bind " +
      d +
      "/dev/$n /dev/$n; done\nln -s /proc/self/fd /dev/fd\n"
      "/usr/sbin/rsyslogd -n -f " +
      d + "/rsyslog.conf -i " + d +
      "/rsyslog.pid &\n"
      "pid=$!\ntrap 'kill $pid' EXIT\n"
      "for i in $(seq 200); do [ -S " +
      d +
      "/log.sock ] && break; sleep 0.05; done\n"
      "touch /dev/log\nmount --bind " +
      d +
      "/log.sock /dev/log\n"
      "set +e\n" +
      mpop +
      "\nstatus=$?\n"
      "for i in $(seq 200); do [ \"$(cat " +
      d + "/syslog.txt 2>/dev/null | wc -l)\" -ge " + std::to_string(expected_lines) +
      " ] && break; sleep 0.05; done\nexit $status\n";
  run = RunToResult({.argv = {"/usr/bin/unshare", "-m", "--", "/bin/bash", "-c", script},
                     .env = {{"HOME", home.home()}},
                     .unset_env = {"MPOPRC"}});
  return ReadFile(dir.File("syslog.txt"));
}

TEST_F(SessionLogTest, SyslogThroughARealRsyslog) {
  MPOP_REQUIRE(RequirePrivateNamespaces());
  MPOP_REQUIRE(RequireExecutable("/usr/sbin/rsyslogd"));
  home_.WriteConfig(
      "defaults\nsyslog on\n" +
      DovecotAccount("alice", server_.pop3_port(), "alice", "alice-secret-pw", maildir_,
                     "syslog LOG_LOCAL3\n") +
      DovecotAccount("wrong", server_.pop3_port(), "bob", "wrong-secret-pw", maildir_));
  RunResult run;
  const std::string logged = RunWithSyslog(home_, {"-q", "alice", "wrong"}, run, 2);
  EXPECT_EQ(run.exit_code, 77) << run.Describe();
  std::vector<std::string> lines = Lines(logged);
  ASSERT_EQ(lines.size(), 2u) << logged;
  // "mpop[PID]: " is the tag; the PID varies. The accounts run at once, so their lines
  // come in either order: sorted, the facility "local3" comes before "mail".
  const std::regex tag(R"(mpop\[\d+\]: )");
  for (std::string& line : lines)
    line = WithoutSeconds(std::regex_replace(line, tag, "mpop[PID]: "));
  std::sort(lines.begin(), lines.end());
  EXPECT_EQ(lines[0], "local3.info mpop[PID]: " + Expected("alice", "alice", 3, 3070, "EX_OK"));
  EXPECT_EQ(lines[1], std::string("mail.err mpop[PID]: ") + kRejected);
  EXPECT_EQ(logged.find("secret-pw"), std::string::npos);
}

}  // namespace
}  // namespace mpop::testing
