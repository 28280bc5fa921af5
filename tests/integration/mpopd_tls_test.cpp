// The real mpopd (MPOPD_BIN) with TLS, certificates from tests/support/tls_certs: our mpop
// with STLS and with implicit TLS retrieves 250 mails byte-exact and deletes them, logs in
// with SCRAM-SHA-256-PLUS, and is refused when it tries USER/PASS without TLS; curl
// (pop3s:// and pop3:// with --ssl-reqd), Python's poplib (stls()) and Debian's mpop do
// the same over TLS; a failed handshake is logged and ends only its connection; bad
// certificate options end mpopd with exit status 3. A client that is not installed is a
// skip.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "support/delivered_mails.hpp"
#include "support/loopback.hpp"
#include "support/mail_factory.hpp"
#include "support/mpop_runner.hpp"
#include "support/mpopd_process.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"
#include "support/tls_certs.hpp"

namespace mpop::testing {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;

constexpr const char* kDebianMpop = "/usr/bin/mpop";
constexpr const char* kCurl = "/usr/bin/curl";
constexpr const char* kPython = "/usr/bin/python3";
constexpr int kMailCount = 250;

// LF mails with From and dot lines, 8-bit text; from 5 mails on, one long-lined and one
// without final newline.
std::vector<std::string> TestMails(int count) {
  std::vector<std::string> mails = MakeMails(
      count, {.seed = 21, .size = 1500, .from_lines = true, .dot_lines = true, .eight_bit = true});
  if (count >= 5) {
    mails[2] = MakeMail({.seed = 22, .size = 40000, .dot_lines = true, .long_lines = true}, 3);
    mails[4] = MakeMail({.seed = 23, .size = 700, .no_final_newline = true}, 5);
  }
  return mails;
}

class MpopdTlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    maildir_ = dir_.File("served");
    MakeMaildir(maildir_);
    log_ = dir_.File("mpopd.log");
  }

  // Mails into served/new with increasing mtimes.
  void Fill(const std::vector<std::string>& mails) {
    for (std::size_t i = 0; i < mails.size(); ++i) {
      char name[32];
      std::snprintf(name, sizeof name, "/new/%04zu.mail", i + 1);
      const std::string path = maildir_ + name;
      WriteFile(path, mails[i]);
      timespec times[2] = {{static_cast<time_t>(1000000 + i), 0},
                           {static_cast<time_t>(1000000 + i), 0}};
      ::utimensat(AT_FDCWD, path.c_str(), times, 0);
    }
  }
  std::size_t MailsLeft() const {
    return FilesIn(maildir_ + "/new").size() + FilesIn(maildir_ + "/cur").size();
  }

  // mpopd with the test CA's localhost certificate; extra options after it.
  Status StartServer(std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"--auth=alice,echo alicepw", "--maildir=" + maildir_,
                                     "--tls-cert-file=" + certs_.Path("server.crt"),
                                     "--tls-key-file=" + certs_.Path("server.key")};
    args.insert(args.end(), extra.begin(), extra.end());
    return server_.Start(args, log_);
  }

  // An mpoprc account for our mpop or Debian's: TLS with the test CA.
  std::string Account(const std::string& out, const std::string& settings) const {
    return "account default\nhost 127.0.0.1\nport " + std::to_string(server_.port()) +
           "\nuser alice\npassword alicepw\ntls_trust_file " + certs_.Path("ca.crt") +
           "\ndelivery maildir " + out + "\n" + settings;
  }

  std::string Log() const { return ReadFile(log_); }
  std::string LogTail() const {
    const std::string log = Log();
    return "\nmpopd log (end):\n" + log.substr(log.size() > 3000 ? log.size() - 3000 : 0);
  }

  Result<RunResult> Python(const std::string& script, std::vector<std::string> args) {
    MPOP_TRY(RequireExecutable(kPython));
    std::vector<std::string> argv = {kPython, "-c", script};
    argv.insert(argv.end(), args.begin(), args.end());
    return RunCommand({.argv = argv}, {.timeout = milliseconds(120000)});
  }

  // curl: RETR of every mail (one connection) into out/N, then DELE of every mail.
  void CurlRetrievesAndDeletes(const std::string& url, const std::vector<std::string>& tls_args,
                               const std::vector<std::string>& mails) {
    const std::string out = dir_.File("out");
    fs::create_directories(out);
    std::vector<std::string> argv = {kCurl, "-sS", "--user", "alice:alicepw"};
    argv.insert(argv.end(), tls_args.begin(), tls_args.end());
    for (std::size_t i = 1; i <= mails.size(); ++i) {
      argv.insert(argv.end(), {url + std::to_string(i), "-o", out + "/" + std::to_string(i)});
    }
    Result<RunResult> run = RunCommand({.argv = argv}, {.timeout = milliseconds(120000)});
    ASSERT_TRUE(run.has_value()) << run.error().message;
    ASSERT_TRUE(run->ok()) << run->Describe() << LogTail();
    EXPECT_TRUE(SameMails(ReadDelivered(out, 0, false), AsSentOnTheWire(mails)));
    argv = {kCurl, "-sS", "--user", "alice:alicepw"};
    argv.insert(argv.end(), tls_args.begin(), tls_args.end());
    argv.insert(argv.end(), {url, "-X", "DELE 1", "-I"});
    for (std::size_t i = 2; i <= mails.size(); ++i) {
      argv.insert(argv.end(), {"--next", "--user", "alice:alicepw"});
      argv.insert(argv.end(), tls_args.begin(), tls_args.end());
      argv.insert(argv.end(), {url, "-X", "DELE " + std::to_string(i), "-I"});
    }
    run = RunCommand({.argv = argv}, {.timeout = milliseconds(120000)});
    ASSERT_TRUE(run.has_value()) << run.error().message;
    ASSERT_TRUE(run->ok()) << run->Describe() << LogTail();
    EXPECT_EQ(MailsLeft(), 0u);
  }

  TestCertificates certs_;
  ScopedTempDir dir_;
  std::string maildir_;
  std::string log_;
  MpopdProcess server_;
};

// ---------------------------------------------------------------- our mpop

TEST_F(MpopdTlsTest, OurMpopWithStlsRetrievesAndDeletes) {
  MPOP_REQUIRE(RequireExecutable(MPOP_BIN));
  const std::vector<std::string> mails = TestMails(kMailCount);
  Fill(mails);
  MPOP_REQUIRE(StartServer());
  MpopHome home;
  const std::string out = home.MakeMaildir("Mail");
  home.WriteConfig(Account(out, "tls on\ntls_starttls on\nauth user\n"));
  RunResult run = home.Run({"-q"});
  ASSERT_TRUE(run.ok()) << run.Describe() << LogTail();
  EXPECT_TRUE(SameMails(ReadDelivered(out + "/new", 0, true), AsDelivered(mails)));
  EXPECT_EQ(MailsLeft(), 0u);
  EXPECT_NE(Log().find("info: TLS started: TLS1.3"), std::string::npos) << LogTail();
  EXPECT_NE(Log().find("info: 250 mails deleted in update phase; session ends"), std::string::npos)
      << LogTail();
}

TEST_F(MpopdTlsTest, OurMpopWithImplicitTlsRetrievesAndDeletes) {
  MPOP_REQUIRE(RequireExecutable(MPOP_BIN));
  const std::vector<std::string> mails = TestMails(kMailCount);
  Fill(mails);
  MPOP_REQUIRE(StartServer({"--tls=implicit"}));
  EXPECT_NE(Log().find("(TLS)"), std::string::npos) << LogTail();
  MpopHome home;
  const std::string out = home.MakeMaildir("Mail");
  home.WriteConfig(Account(out, "tls on\ntls_starttls off\nauth user\n"));
  RunResult run = home.Run({"-q"});
  ASSERT_TRUE(run.ok()) << run.Describe() << LogTail();
  EXPECT_TRUE(SameMails(ReadDelivered(out + "/new", 0, true), AsDelivered(mails)));
  EXPECT_EQ(MailsLeft(), 0u);
}

TEST_F(MpopdTlsTest, OurMpopLogsInWithScramPlusInsideTls) {
  MPOP_REQUIRE(RequireExecutable(MPOP_BIN));
  MPOP_REQUIRE(StartServer());
  struct Case {
    std::string settings;
    std::string protocol;
    // The start of the client-first message: the GS2 header names the binding,
    // "p=tls-exporter,,n=" / "p=tls-unique,,n=alice" in base64.
    std::string first;
  } cases[] = {
      {"", "TLS1.3", "cD10bHMtZXhwb3J0ZXIsLG49"},
      {"tls_priorities NORMAL:-VERS-TLS1.3\n", "TLS1.2", "cD10bHMtdW5pcXVlLCxuPWFsaWNl"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.protocol);
    const std::vector<std::string> mails = TestMails(20);
    Fill(mails);
    MpopHome home;
    const std::string out = home.MakeMaildir("Mail");
    home.WriteConfig(
        Account(out, "tls on\ntls_starttls on\nauth scram-sha-256-plus\n" + c.settings));
    RunResult run = home.Run({"--debug"});
    ASSERT_TRUE(run.ok()) << run.Describe() << LogTail();
    // STLS, then the bound login inside TLS, then the mailbox.
    const std::size_t stls = run.out.find("--> STLS\n");
    const std::size_t auth = run.out.find("--> AUTH SCRAM-SHA-256-PLUS " + c.first);
    ASSERT_NE(stls, std::string::npos) << run.out;
    ASSERT_NE(auth, std::string::npos) << run.out;
    EXPECT_LT(stls, auth);
    EXPECT_NE(run.out.find("<-- +OK 20 messages", auth), std::string::npos) << run.out;
    EXPECT_NE(Log().find("info: TLS started: " + c.protocol), std::string::npos) << LogTail();
    EXPECT_TRUE(SameMails(ReadDelivered(out + "/new", 0, true), AsDelivered(mails)));
    EXPECT_EQ(MailsLeft(), 0u);
  }
}

TEST_F(MpopdTlsTest, OurMpopWithoutTlsIsRefused) {
  MPOP_REQUIRE(RequireExecutable(MPOP_BIN));
  Fill(TestMails(10));
  MPOP_REQUIRE(StartServer());
  MpopHome home;
  const std::string out = home.MakeMaildir("Mail");
  home.WriteConfig(Account(out, "tls off\nauth user\n"));
  RunResult run = home.Run({"--debug"});
  EXPECT_EQ(run.exit_code, 77) << run.Describe();  // EX_NOPERM
  EXPECT_NE(run.err.find("mpop: POP3 server rejected USER: \"-ERR TLS required: use STLS "
                         "first\"\n"),
            std::string::npos)
      << run.err;
  // Our mpop pipelines PASS after USER; the server refused USER and so never looked at the
  // password ("send USER first").
  EXPECT_NE(run.out.find("--> USER alice\n"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("<-- -ERR TLS required: use STLS first\n"), std::string::npos) << run.out;
  EXPECT_EQ(Log().find("authoriz"), std::string::npos) << LogTail();
  EXPECT_EQ(FilesIn(out + "/new").size(), 0u);
  EXPECT_EQ(MailsLeft(), 10u);
}

// ---------------------------------------------------------------- other clients

TEST_F(MpopdTlsTest, CurlPop3sRetrievesAndDeletes) {
  MPOP_REQUIRE(RequireExecutable(kCurl));
  const std::vector<std::string> mails = TestMails(kMailCount);
  Fill(mails);
  MPOP_REQUIRE(StartServer({"--tls=implicit"}));
  CurlRetrievesAndDeletes("pop3s://127.0.0.1:" + std::to_string(server_.port()) + "/",
                          {"--cacert", certs_.Path("ca.crt")}, mails);
}

TEST_F(MpopdTlsTest, CurlStlsRetrievesAndDeletes) {
  MPOP_REQUIRE(RequireExecutable(kCurl));
  const std::vector<std::string> mails = TestMails(kMailCount);
  Fill(mails);
  MPOP_REQUIRE(StartServer());
  CurlRetrievesAndDeletes("pop3://127.0.0.1:" + std::to_string(server_.port()) + "/",
                          {"--ssl-reqd", "--cacert", certs_.Path("ca.crt")}, mails);
}

TEST_F(MpopdTlsTest, PoplibStlsRetrievesAndDeletes) {
  const std::vector<std::string> mails = TestMails(kMailCount);
  Fill(mails);
  MPOP_REQUIRE(StartServer());
  const std::string out = dir_.File("out");
  fs::create_directories(out);
  Result<RunResult> run = Python(R"(
import poplib, ssl, sys, os
poplib._MAXLINE = 1 << 20  # the test mails have lines of 12 KiB
p = poplib.POP3('127.0.0.1', int(sys.argv[1]), timeout=30)
try:
    p.user('alice')
except poplib.error_proto as e:
    print('before STLS:', e.args[0].decode())
print(p.capa())
print(p.stls(ssl.create_default_context(cafile=sys.argv[3])).decode())
print(p.capa())
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
                                 {std::to_string(server_.port()), out, certs_.Path("ca.crt")});
  ASSERT_TRUE(run.has_value()) << run.error().message;
  ASSERT_TRUE(run->ok()) << run->Describe() << LogTail();
  EXPECT_EQ(run->out,
            "before STLS: -ERR TLS required: use STLS first\n"
            "{'TOP': [], 'UIDL': [], 'PIPELINING': [], 'RESP-CODES': [], 'AUTH-RESP-CODE': [], "
            "'STLS': [], 'IMPLEMENTATION': ['mpopd'], 'SASL': ['SCRAM-SHA-256']}\n"
            "+OK begin TLS negotiation\n"
            "{'TOP': [], 'UIDL': [], 'USER': [], 'PIPELINING': [], 'RESP-CODES': [], "
            "'AUTH-RESP-CODE': [], 'IMPLEMENTATION': ['mpopd'], "
            "'SASL': ['SCRAM-SHA-256-PLUS', 'SCRAM-SHA-256', 'PLAIN']}\n"
            "250 True\n");
  EXPECT_TRUE(SameMails(ReadDelivered(out, 0, false), AsSentOnTheWire(mails)));
  EXPECT_EQ(MailsLeft(), 0u);
}

TEST_F(MpopdTlsTest, DebianMpopWithStlsRetrievesAndDeletes) {
  MPOP_REQUIRE(RequireExecutable(kDebianMpop));
  const std::vector<std::string> mails = TestMails(kMailCount);
  Fill(mails);
  MPOP_REQUIRE(StartServer());
  const std::string out = dir_.File("out");
  MakeMaildir(out);
  const std::string rc = dir_.File("mpoprc");
  WriteFile(rc, Account(out, "tls on\ntls_starttls on\nauth user\nuidls_file " +
                                 dir_.File("uidls") + "\n"));
  ::chmod(rc.c_str(), 0600);
  Result<RunResult> run = RunCommand({.argv = {kDebianMpop, "-C", rc, "-q"}});
  ASSERT_TRUE(run.has_value()) << run.error().message;
  ASSERT_TRUE(run->ok()) << run->Describe() << LogTail();
  EXPECT_TRUE(SameMails(ReadDelivered(out + "/new", 0, true), AsDelivered(mails)));
  EXPECT_EQ(MailsLeft(), 0u);
}

TEST_F(MpopdTlsTest, InetdSessionWithStlsOverASocket) {
  // As inetd does: the connection is mpopd's stdin and stdout; poplib has the other end.
  const std::vector<std::string> mails = TestMails(20);
  Fill(mails);
  Result<RunResult> run =
      Python(R"(
import poplib, socket, ssl, subprocess, sys
ours, theirs = socket.socketpair()
server = subprocess.Popen(sys.argv[1:7], stdin=theirs, stdout=theirs)
theirs.close()
class Inetd(poplib.POP3):
    def _create_socket(self, timeout):
        return ours
poplib._MAXLINE = 1 << 20
p = Inetd('localhost', 0, timeout=30)
p.stls(ssl.create_default_context(cafile=sys.argv[7]))
p.user('alice'); p.pass_('alicepw')
count, size = p.stat()
for i in range(1, count + 1):
    p.retr(i)
    p.dele(i)
p.quit()
print(count, server.wait())
)",
             {MPOPD_BIN, "--inetd", "--auth=alice,echo alicepw", "--maildir=" + maildir_,
              "--tls-cert-file=" + certs_.Path("server.crt"),
              "--tls-key-file=" + certs_.Path("server.key"), certs_.Path("ca.crt")});
  ASSERT_TRUE(run.has_value()) << run.error().message;
  ASSERT_TRUE(run->ok()) << run->Describe();
  EXPECT_EQ(run->out, "20 0\n");
  EXPECT_EQ(MailsLeft(), 0u);
}

// ---------------------------------------------------------------- failures

TEST_F(MpopdTlsTest, FailedHandshakeIsLoggedAndEndsOnlyThatConnection) {
  MPOP_REQUIRE(RequireExecutable(kCurl));
  Fill(TestMails(3));
  MPOP_REQUIRE(StartServer({"--tls=implicit"}));
  // A plaintext client on the POP3S port.
  Result<UniqueFd> fd = ConnectLoopback(static_cast<uint16_t>(server_.port()));
  ASSERT_TRUE(fd.has_value()) << fd.error().message;
  ASSERT_EQ(::write(fd->get(), "CAPA\r\n", 6), 6);
  char buffer[256];
  while (::read(fd->get(), buffer, sizeof buffer) > 0) {
  }
  Result<RunResult> run = RunCommand(
      {.argv = {kCurl, "-sS", "--user", "alice:alicepw", "--cacert", certs_.Path("ca.crt"),
                "pop3s://127.0.0.1:" + std::to_string(server_.port()) + "/"}});
  ASSERT_TRUE(run.has_value()) << run.error().message;
  ASSERT_TRUE(run->ok()) << run->Describe() << LogTail();
  EXPECT_TRUE(run->out.starts_with("1 ")) << run->out;  // curl's LIST
  EXPECT_NE(Log().find(" error: TLS handshake failed: the client sent text ('CAPA') instead of "
                       "TLS\n"),
            std::string::npos)
      << LogTail();
}

TEST_F(MpopdTlsTest, BadCertificateOptionsEndMpopdWithStatus3) {
  MPOP_REQUIRE(RequireExecutable(MPOPD_BIN));
  const std::string missing = dir_.File("missing.crt");
  const std::string key = certs_.Path("server.key");
  struct Case {
    std::vector<std::string> options;
    std::string err;
  } cases[] = {
      {{"--tls-cert-file=" + missing, "--tls-key-file=" + key},
       "mpopd: cannot load TLS certificate " + missing + " with key " + key + ": " + missing +
           ": No such file or directory\n"},
      {{"--tls-cert-file=" + certs_.Path("server.crt"), "--tls-key-file=" + certs_.Path("ca.crt")},
       "mpopd: cannot load TLS certificate " + certs_.Path("server.crt") + " with key " +
           certs_.Path("ca.crt") + ": The requested data were not available.\n"},
      {{"--tls-cert-file=" + certs_.Path("server.crt")},
       "mpopd: --tls-cert-file and --tls-key-file must be given together\n"},
      {{"--tls=implicit"}, "mpopd: --tls needs --tls-cert-file and --tls-key-file\n"},
  };
  // With --inetd, TLS needs the client's socket, not a pipe, as standard input.
  Result<RunResult> inetd =
      RunCommand({.argv = {MPOPD_BIN, "--inetd", "--auth=alice,echo pw", "--maildir=" + maildir_,
                           "--tls-cert-file=" + certs_.Path("server.crt"),
                           "--tls-key-file=" + certs_.Path("server.key")}},
                 {.stdin_bytes = "CAPA\r\n"});
  ASSERT_TRUE(inetd.has_value()) << inetd.error().message;
  EXPECT_EQ(inetd->exit_code, 3) << inetd->Describe();
  EXPECT_EQ(inetd->err,
            "mpopd: TLS with --inetd needs a socket as standard input (from inetd or systemd), "
            "not a pipe\n");
  EXPECT_EQ(inetd->out, "");
  for (const Case& c : cases) {
    std::vector<std::string> argv = {MPOPD_BIN, "--port=1", "--auth=alice,echo pw",
                                     "--maildir=" + maildir_};
    argv.insert(argv.end(), c.options.begin(), c.options.end());
    Result<RunResult> run = RunCommand({.argv = argv});
    ASSERT_TRUE(run.has_value()) << run.error().message;
    EXPECT_EQ(run->exit_code, 3) << run->Describe();
    EXPECT_EQ(run->err, c.err);
  }
}

}  // namespace
}  // namespace mpop::testing
