// Proves the test fixtures in tests/support/ against real peers: processes, mails, the
// delay proxy (against an in-process line server and a real Dovecot through Python's
// poplib) and DovecotServer (fetched with Debian's mpop 1.4.18).

#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <thread>

#include "support/delay_proxy.hpp"
#include "support/dovecot_server.hpp"
#include "support/loopback.hpp"
#include "support/mail_factory.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace mpop::testing {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr const char* kDebianMpop = "/usr/bin/mpop";
constexpr const char* kPython = "/usr/bin/python3";

long long MillisSince(Clock::time_point start) {
  return std::chrono::duration_cast<milliseconds>(Clock::now() - start).count();
}

// ---------------------------------------------------------------- process

TEST(ProcessTest, CapturesOutputAndExitStatus) {
  auto r = RunCommand({.argv = {"/bin/sh", "-c", "echo out; echo err >&2; exit 3"}});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->out, "out\n");
  EXPECT_EQ(r->err, "err\n");
  EXPECT_EQ(r->exit_code, 3);
  EXPECT_EQ(r->term_signal, 0);
  EXPECT_FALSE(r->timed_out);
  EXPECT_EQ(r->Describe(), "exit status 3; stderr: err\n");
}

TEST(ProcessTest, PassesStdinEnvironmentAndWorkingDir) {
  ScopedTempDir dir;
  std::string big(3 << 20, 'x');  // larger than any pipe buffer: needs the poll loop
  for (std::size_t i = 0; i < big.size(); i += 1000) big[i] = '\n';
  auto r = RunCommand({.argv = {"cat"}}, {.stdin_bytes = big});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_TRUE(r->out == big) << "cat returned " << r->out.size() << " bytes";

  setenv("MPOP_FIXTURE_UNSET_ME", "1", 1);
  r = RunCommand({.argv = {"/bin/sh", "-c", "echo \"$A,$MPOP_FIXTURE_UNSET_ME,$(pwd)\""},
                  .env = {{"A", "a b"}},
                  .unset_env = {"MPOP_FIXTURE_UNSET_ME"},
                  .working_dir = dir.path().string()});
  unsetenv("MPOP_FIXTURE_UNSET_ME");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->out, "a b,," + fs::canonical(dir.path()).string() + "\n");
}

TEST(ProcessTest, StdinIgnoredByChildDoesNotKillTheTest) {
  auto r = RunCommand({.argv = {"true"}}, {.stdin_bytes = std::string(1 << 20, 'y')});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->exit_code, 0);
}

TEST(ProcessTest, DeadlineKillsTheProcessGroup) {
  const auto start = Clock::now();
  auto r = RunCommand({.argv = {"/bin/sh", "-c", "sleep 20 & sleep 30"}},
                      {.timeout = milliseconds(200)});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_TRUE(r->timed_out);
  EXPECT_EQ(r->term_signal, 9);
  EXPECT_EQ(r->Describe(), "timed out (killed by signal 9)");
  EXPECT_LT(MillisSince(start), 3000);
}

TEST(ProcessTest, LeftoverDaemonHoldingThePipeDoesNotHang) {
  const auto start = Clock::now();
  auto r = RunCommand({.argv = {"/bin/sh", "-c", "sleep 3 & echo started"}});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->out, "started\n");
  EXPECT_EQ(r->exit_code, 0);
  EXPECT_LT(MillisSince(start), 2000);
}

TEST(ProcessTest, MissingProgramIsUnavailable) {
  auto r = RunCommand({.argv = {"/nonexistent/prog"}});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ExitCode::kUnavailable);
  EXPECT_EQ(r.error().message, "cannot run /nonexistent/prog: No such file or directory");
  Status s = RequireExecutable("/nonexistent/prog");
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().message, "component missing: /nonexistent/prog is not executable");
}

TEST(ProcessTest, BackgroundProcessStopsAndWritesItsLog) {
  ScopedTempDir dir;
  auto p = BackgroundProcess::Start({.argv = {"/bin/sh", "-c", "echo up; exec sleep 30"}},
                                    dir.File("log"));
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_TRUE(p->Running());
  EXPECT_FALSE(p->WaitForExit(milliseconds(10)));
  RunResult status = p->Stop(SIGTERM, milliseconds(2000));
  EXPECT_EQ(status.term_signal, SIGTERM);
  EXPECT_FALSE(p->Running());
  EXPECT_EQ(ReadFile(dir.File("log")), "up\n");

  auto quick = BackgroundProcess::Start({.argv = {"/bin/sh", "-c", "exit 4"}}, "");
  ASSERT_TRUE(quick) << quick.error().message;
  EXPECT_TRUE(quick->WaitForExit(milliseconds(5000)));
  EXPECT_EQ(quick->Stop(SIGTERM, milliseconds(10)).exit_code, 4);
}

// ---------------------------------------------------------------- mail factory

TEST(MailFactoryTest, IsDeterministicAndSeeded) {
  MailOptions options{.seed = 7, .size = 5000, .dot_lines = true};
  EXPECT_EQ(MakeMail(options, 1), MakeMail(options, 1));
  EXPECT_NE(MakeMail(options, 1), MakeMail(options, 2));
  MailOptions other = options;
  other.seed = 8;
  EXPECT_NE(MakeMail(options, 1), MakeMail(other, 1));
  EXPECT_EQ(MakeMails(3, options).at(2), MakeMail(options, 3));
  EXPECT_EQ(GenerateMails(2, [](int i) { return "Subject: " + std::to_string(i) + "\n"; }),
            (std::vector<std::string>{"Subject: 1\n", "Subject: 2\n"}));
}

TEST(MailFactoryTest, MeetsTheSizeExactly) {
  for (bool crlf : {false, true}) {
    for (bool no_final_newline : {false, true}) {
      for (std::size_t size : {300u, 301u, 302u, 1000u, 4097u, 100000u}) {
        MailOptions options{.size = size, .crlf = crlf, .no_final_newline = no_final_newline};
        EXPECT_EQ(MakeMail(options, 1).size(), size)
            << "crlf " << crlf << " no_final_newline " << no_final_newline;
      }
    }
  }
  // Tricky lines alone exceed a tiny target: the mail is as small as it can be.
  EXPECT_GT(MakeMail({.size = 10, .long_lines = true}, 1).size(), 16384u);
}

TEST(MailFactoryTest, ContainsEveryRequestedTrickyLine) {
  MailOptions options{
      .size = 3000, .from_lines = true, .dot_lines = true, .long_lines = true, .eight_bit = true};
  std::string mail = MakeMail(options, 1);
  for (const char* line :
       {"\nFrom sender@example.org ", "\n>From quoted", "\n.\n", "\n..\n", "\n.x leading dot\n",
        "\nGr\xc3\xbc\xc3\x9f"
        "e"})
    EXPECT_NE(mail.find(line), std::string::npos) << line;
  EXPECT_NE(mail.find("\xff"), std::string::npos);
  std::size_t longest = 0;
  std::istringstream lines(mail);
  for (std::string line; std::getline(lines, line);) longest = std::max(longest, line.size());
  EXPECT_GT(longest, 8192u);
  EXPECT_EQ(mail.find('\r'), std::string::npos);
  EXPECT_EQ(mail.find('\0'), std::string::npos);
  EXPECT_EQ(mail.back(), '\n');
}

TEST(MailFactoryTest, LineEndsFollowTheOptions) {
  std::string crlf = MakeMail({.crlf = true, .dot_lines = true}, 1);
  EXPECT_EQ(ToCrlf(crlf), crlf);  // no bare LF
  EXPECT_EQ(crlf.substr(crlf.size() - 2), "\r\n");
  EXPECT_EQ(ToLf(crlf).find('\r'), std::string::npos);
  std::string lf = MakeMail({.dot_lines = true}, 1);
  EXPECT_EQ(lf.find('\r'), std::string::npos);
  EXPECT_EQ(ToLf(ToCrlf(lf)), lf);
  std::string open = MakeMail({.no_final_newline = true}, 1);
  EXPECT_NE(open.back(), '\n');
}

TEST(MailFactoryTest, ExpectedDeliveryUsesLfAndAFinalNewline) {
  struct Case {
    std::string original;
    std::string expected;
  } cases[] = {
      {"a\nb\n", "a\nb\n"}, {"a\r\nb\r\n", "a\nb\n"}, {"a\r\nb", "a\nb\n"}, {"a\rb\n", "a\rb\n"},
      {"", "\n"},
  };
  for (const Case& c : cases) EXPECT_EQ(ExpectedDelivery(c.original), c.expected) << c.original;
}

TEST(MailFactoryTest, StripsOnlyTheReceivedHeader) {
  struct Case {
    std::string delivered;
    std::string body;
  } cases[] = {
      {"Received: from h\n\tby me\n\tfor x; date\nFrom: a\n\nb\n", "From: a\n\nb\n"},
      {"Received: x\nReceived: y\n\tz\nFrom: a\n", "Received: y\n\tz\nFrom: a\n"},
      {"Received: x\n folded\nSubject: s\n", "Subject: s\n"},
      {"Received: x\n", ""},
  };
  for (const Case& c : cases) {
    auto body = StripReceivedHeader(c.delivered);
    ASSERT_TRUE(body) << body.error().message;
    EXPECT_EQ(*body, c.body);
  }
  auto bad = StripReceivedHeader("From: a\n");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message, "delivered mail does not start with \"Received:\": \"From: a\n\"");
}

TEST(MailFactoryTest, DeliveredMatchesExplainsTheDifference) {
  EXPECT_TRUE(DeliveredMatches("Received: x\n\tby y\nA\nB\n", "A\r\nB\r\n"));
  ::testing::AssertionResult r = DeliveredMatches("Received: x\nA\nC\n", "A\nB\n");
  ASSERT_FALSE(r);
  EXPECT_EQ(std::string(r.message()),
            "delivered mail differs at byte 2 (sizes: delivered 4, expected 4)\n"
            "  delivered: \"A\\nC\\n\"\n  expected:  \"A\\nB\\n\"");
}

// ---------------------------------------------------------------- delay proxy

// A server for one connection: greets with "+OK hi", answers each line L with "+OK L",
// and a line "BLOB n" with n bytes of a counting pattern; ends at EOF.
class LineServer {
 public:
  LineServer() {
    auto listener = ListenLoopback();
    EXPECT_TRUE(listener);
    if (listener) listener_ = std::move(*listener);
    port_ = LocalPort(listener_.get());
    thread_ = std::thread([this] { Serve(); });
  }
  ~LineServer() {
    ::shutdown(listener_.get(), SHUT_RDWR);
    thread_.join();
  }
  uint16_t port() const { return port_; }
  static std::string Blob(std::size_t n) {
    std::string blob(n, '\0');
    for (std::size_t i = 0; i < n; ++i) blob[i] = static_cast<char>('a' + i * 7 % 26);
    return blob;
  }

 private:
  void Serve() {
    UniqueFd fd(::accept(listener_.get(), nullptr, nullptr));
    if (!fd) return;
    SendAll(fd.get(), "+OK hi\r\n");
    std::string pending;
    char buffer[4096];
    for (ssize_t n; (n = ::read(fd.get(), buffer, sizeof buffer)) > 0;) {
      pending.append(buffer, static_cast<std::size_t>(n));
      for (std::size_t end; (end = pending.find('\n')) != std::string::npos;) {
        std::string line = pending.substr(0, end);
        pending.erase(0, end + 1);
        if (line.rfind("BLOB ", 0) == 0)
          SendAll(fd.get(), Blob(std::stoul(line.substr(5))));
        else
          SendAll(fd.get(), "+OK " + line + "\r\n");
      }
    }
  }

  UniqueFd listener_;
  uint16_t port_ = 0;
  std::thread thread_;
};

// Reads until `want` bytes arrived (or EOF / 10 s); returns what was read.
std::string ReadExactly(int fd, std::size_t want) {
  std::string got;
  const auto deadline = Clock::now() + std::chrono::seconds(10);
  char buffer[65536];
  while (got.size() < want && Clock::now() < deadline) {
    pollfd pfd{fd, POLLIN, 0};
    if (::poll(&pfd, 1, 1000) <= 0) continue;
    ssize_t n = ::read(fd, buffer, std::min(sizeof buffer, want - got.size()));
    if (n <= 0) break;
    got.append(buffer, static_cast<std::size_t>(n));
  }
  return got;
}

TEST(DelayProxyTest, DelaysEachDirectionAndCountsRoundTrips) {
  LineServer server;
  auto proxy = DelayProxy::Start({.target_port = server.port(), .delay = milliseconds(25)});
  ASSERT_TRUE(proxy) << proxy.error().message;
  auto start = Clock::now();
  auto fd = ConnectLoopback((*proxy)->port());
  ASSERT_TRUE(fd) << fd.error().message;
  EXPECT_EQ(ReadExactly(fd->get(), 8), "+OK hi\r\n");
  EXPECT_GE(MillisSince(start), 25);  // one direction
  for (const char* word : {"one", "two"}) {
    start = Clock::now();
    ASSERT_EQ(::write(fd->get(), word, 3), 3);
    ASSERT_EQ(::write(fd->get(), "\n", 1), 1);
    EXPECT_EQ(ReadExactly(fd->get(), 9), "+OK " + std::string(word) + "\r\n");
    EXPECT_GE(MillisSince(start), 50);  // both directions
  }
  EXPECT_EQ((*proxy)->round_trips(), 2);
  // Three pipelined commands in one write are one round trip.
  ASSERT_EQ(::write(fd->get(), "a\nb\nc\n", 6), 6);
  EXPECT_EQ(ReadExactly(fd->get(), 21), "+OK a\r\n+OK b\r\n+OK c\r\n");
  EXPECT_EQ((*proxy)->round_trips(), 3);
  EXPECT_EQ((*proxy)->connections(), 1);
  (*proxy)->ResetCounters();
  EXPECT_EQ((*proxy)->round_trips(), 0);
}

TEST(DelayProxyTest, ForwardsLargeDataInOrderAndEndOfStream) {
  LineServer server;
  auto proxy = DelayProxy::Start({.target_port = server.port(), .delay = milliseconds(5)});
  ASSERT_TRUE(proxy) << proxy.error().message;
  auto fd = ConnectLoopback((*proxy)->port());
  ASSERT_TRUE(fd) << fd.error().message;
  EXPECT_EQ(ReadExactly(fd->get(), 8), "+OK hi\r\n");
  constexpr std::size_t kBlob = 20 << 20;  // more than the proxy queues: back-pressure
  ASSERT_EQ(::write(fd->get(), "BLOB 20971520\n", 14), 14);
  std::string blob = ReadExactly(fd->get(), kBlob);
  EXPECT_EQ(blob.size(), kBlob);
  EXPECT_TRUE(blob == LineServer::Blob(kBlob));
  // Our EOF reaches the server, which ends; its EOF comes back through the proxy.
  ::shutdown(fd->get(), SHUT_WR);
  char byte;
  pollfd pfd{fd->get(), POLLIN, 0};
  ASSERT_EQ(::poll(&pfd, 1, 5000), 1);
  EXPECT_EQ(::read(fd->get(), &byte, 1), 0);
}

// ---------------------------------------------------------------- Dovecot

TEST(DovecotServerTest, DebianMpopFetchesAndDeletesTheMails) {
  MPOP_REQUIRE(RequireExecutable(kDebianMpop));
  std::vector<std::string> mails = MakeMails(3, {.size = 2000});
  DovecotServer server;
  MPOP_REQUIRE(server.Start({.users = {{"alice", "alicepw", mails}, {"bob", "bobpw", {}}}}));
  EXPECT_EQ(server.CountMails("alice"), 3u);
  EXPECT_EQ(server.Mails("alice"), mails);

  ScopedTempDir home;
  const std::string maildir = home.File("md");
  MakeMaildir(maildir);
  const std::string rc = home.File("mpoprc");
  WriteFile(rc, "defaults\ntls off\nauth user\n\naccount test\nhost 127.0.0.1\nport " +
                    std::to_string(server.pop3_port()) +
                    "\nuser alice\npassword alicepw\ndelivery maildir " + maildir +
                    "\nuidls_file " + home.File("uidls") + "\n");
  ::chmod(rc.c_str(), 0600);
  auto r = RunCommand({.argv = {kDebianMpop, "-C", rc, "-q", "test"},
                       .env = {{"HOME", home.path().string()}},
                       .unset_env = {"MPOPRC"}},
                      {.timeout = milliseconds(20000)});
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->exit_code, 0) << r->Describe() << "\n" << server.Log();

  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(maildir + "/new")) files.push_back(entry.path());
  // Debian mpop names files by time, so match delivered mails to originals by content.
  ASSERT_EQ(files.size(), 3u);
  int matched = 0;
  for (const auto& file : files) {
    std::string delivered = ReadFile(file.string());
    for (const auto& mail : mails) matched += DeliveredMatches(delivered, mail) ? 1 : 0;
  }
  EXPECT_EQ(matched, 3);
  EXPECT_EQ(server.CountMails("alice"), 0u);
  EXPECT_EQ(server.CountMails("bob"), 0u);
}

TEST(DovecotServerTest, TrickyMailsComeBackByteIdentical) {
  MPOP_REQUIRE(RequireExecutable(kDebianMpop));
  MailOptions tricky{.seed = 3,
                     .size = 30000,
                     .from_lines = true,
                     .dot_lines = true,
                     .long_lines = true,
                     .eight_bit = true};
  MailOptions crlf = tricky;
  crlf.crlf = true;
  MailOptions open_end = tricky;
  open_end.no_final_newline = true;
  std::vector<std::string> mails = {MakeMail(tricky, 1), MakeMail(crlf, 2), MakeMail(open_end, 3)};
  DovecotServer server;
  MPOP_REQUIRE(server.Start({.users = {{"alice", "alicepw", mails}}}));

  ScopedTempDir home;
  const std::string rc = home.File("mpoprc");
  const std::string maildir = home.File("md");
  MakeMaildir(maildir);
  WriteFile(rc, "account test\nhost 127.0.0.1\nport " + std::to_string(server.pop3_port()) +
                    "\ntls off\nauth user\nuser alice\npassword alicepw\nkeep on\n"
                    "delivery maildir " +
                    maildir + "\nuidls_file " + home.File("uidls2") + "\n");
  ::chmod(rc.c_str(), 0600);
  auto r = RunCommand({.argv = {kDebianMpop, "-C", rc, "-q", "test"},
                       .env = {{"HOME", home.path().string()}},
                       .unset_env = {"MPOPRC"}});
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->exit_code, 0) << r->Describe();
  int matched = 0;
  for (const auto& entry : fs::directory_iterator(maildir + "/new")) {
    std::string delivered = ReadFile(entry.path().string());
    for (const auto& mail : mails) matched += DeliveredMatches(delivered, mail) ? 1 : 0;
  }
  EXPECT_EQ(matched, 3);
  EXPECT_EQ(server.CountMails("alice"), 3u);  // keep on
}

// Runs a Python script (argv[1..] = args) with Debian's python3; poplib is in its stdlib.
Result<RunResult> RunPython(const std::string& script, std::vector<std::string> args) {
  std::vector<std::string> argv = {kPython, "-c", script};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunCommand({.argv = argv}, {.timeout = milliseconds(20000)});
}

// Logs in as alice, times three NOOPs, prints "greeting_ms noop_ms noop_ms noop_ms count".
constexpr const char* kTimedSession = R"(
import poplib, sys, time
t = time.monotonic()
p = poplib.POP3('127.0.0.1', int(sys.argv[1]), timeout=10)
ms = [time.monotonic() - t]
p.user('alice'); p.pass_('alicepw')
for _ in range(3):
    t = time.monotonic(); p.noop(); ms.append(time.monotonic() - t)
count = p.stat()[0]
p.quit()
print(' '.join('%d' % (x * 1000) for x in ms), count)
)";

TEST(DovecotServerTest, PoplibThroughDelayProxySeesTheDelay) {
  MPOP_REQUIRE(RequireExecutable(kPython));
  DovecotServer server;
  MPOP_REQUIRE(server.Start({.users = {{"alice", "alicepw", MakeMails(2, {})}}}));
  auto proxy = DelayProxy::Start({.target_port = server.pop3_port(), .delay = milliseconds(25)});
  ASSERT_TRUE(proxy) << proxy.error().message;

  auto direct = RunPython(kTimedSession, {std::to_string(server.pop3_port())});
  ASSERT_TRUE(direct) << direct.error().message;
  ASSERT_EQ(direct->exit_code, 0) << direct->Describe();
  auto delayed = RunPython(kTimedSession, {std::to_string((*proxy)->port())});
  ASSERT_TRUE(delayed) << delayed.error().message;
  ASSERT_EQ(delayed->exit_code, 0) << delayed->Describe();

  std::istringstream numbers(delayed->out);
  long long greeting_ms = 0;
  numbers >> greeting_ms;
  EXPECT_GE(greeting_ms, 25) << delayed->out;
  for (int i = 0; i < 3; ++i) {
    long long noop_ms = 0;
    numbers >> noop_ms;
    EXPECT_GE(noop_ms, 50) << delayed->out;
    EXPECT_LT(noop_ms, 1000) << delayed->out;
  }
  int count = 0;
  numbers >> count;
  EXPECT_EQ(count, 2);
  std::cout << "direct session (ms): " << direct->out << "delayed session (ms): " << delayed->out;
  // USER, PASS, 3 x NOOP, STAT, QUIT: each sent after the previous reply.
  EXPECT_EQ((*proxy)->round_trips(), 7);
  EXPECT_EQ((*proxy)->connections(), 1);
}

// Checks the certificate chain and the host name, then STLS on the plain port.
constexpr const char* kTlsSession = R"(
import poplib, ssl, sys
ctx = ssl.create_default_context(cafile=sys.argv[1])
p = poplib.POP3_SSL('localhost', int(sys.argv[2]), context=ctx, timeout=10)
p.user('alice'); p.pass_('alicepw')
print('pop3s', p.stat()[0], p.sock.version())
p.quit()
p = poplib.POP3('127.0.0.1', int(sys.argv[3]), timeout=10)
caps = p.capa()
p.stls(ctx)
p.user('alice'); p.pass_('alicepw')
print('stls', p.stat()[0], 'STLS' in caps, sorted(caps['SASL']))
p.quit()
)";

TEST(DovecotServerTest, TlsOnPop3sAndStls) {
  MPOP_REQUIRE(RequireExecutable(kPython));
  DovecotServer server;
  MPOP_REQUIRE(server.Start({.users = {{"alice", "alicepw", MakeMails(1, {})}}, .tls = true}));
  ASSERT_NE(server.pop3s_port(), 0);
  EXPECT_TRUE(fs::exists(server.client_cert()));
  EXPECT_TRUE(fs::exists(server.client_key()));
  auto r = RunPython(kTlsSession, {server.ca_cert(), std::to_string(server.pop3s_port()),
                                   std::to_string(server.pop3_port())});
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->exit_code, 0) << r->Describe() << "\n" << server.Log();
  EXPECT_EQ(r->out,
            "pop3s 1 TLSv1.3\n"
            "stls 1 True ['CRAM-MD5', 'DIGEST-MD5', 'EXTERNAL', 'LOGIN', 'OAUTHBEARER', "
            "'PLAIN', 'SCRAM-SHA-1', 'SCRAM-SHA-256', 'XOAUTH2']\n");
}

// Prints STAT's count, or the error text of a failed login.
constexpr const char* kStat = R"(
import poplib, sys
p = poplib.POP3('127.0.0.1', int(sys.argv[1]), timeout=10)
print(p.getwelcome().decode())
try:
    p.user(sys.argv[2]); p.pass_(sys.argv[3])
    print(p.stat()[0])
except poplib.error_proto as e:
    print(e.args[0].decode())
p.quit()
)";

TEST(DovecotServerTest, AddMailGreetingLogAndOptions) {
  MPOP_REQUIRE(RequireExecutable(kPython));
  DovecotServer server;
  MPOP_REQUIRE(server.Start({.users = {{"alice", "alicepw", {}}, {"tok", "oauth-token-1", {}}},
                             .pop3_no_flag_updates = true,
                             .login_greeting = "mpop test server",
                             .extra_conf = {"auth_debug = yes"}}));
  const std::string conf = ReadFile(server.conf_path());
  EXPECT_NE(conf.find("\npop3_no_flag_updates = yes\n"), std::string::npos);
  EXPECT_NE(conf.find("\nauth_debug = yes\n"), std::string::npos);
  EXPECT_EQ(conf.find("/etc/dovecot"), std::string::npos);

  const std::string port = std::to_string(server.pop3_port());
  auto r = RunPython(kStat, {port, "alice", "alicepw"});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->out.substr(0, r->out.find(' ')), "+OK");
  EXPECT_NE(r->out.find(" mpop test server <"), std::string::npos) << r->out;  // APOP stamp
  EXPECT_EQ(r->out.substr(r->out.find('\n') + 1), "0\n");

  ASSERT_TRUE(server.AddMail("alice", "Subject: late\n\nadded while running\n"));
  ASSERT_TRUE(server.AddMail("alice", "Subject: later\n\nagain\n"));
  EXPECT_EQ(server.CountMails("alice"), 2u);
  EXPECT_EQ(server.Mails("alice").at(1), "Subject: later\n\nagain\n");
  r = RunPython(kStat, {port, "alice", "alicepw"});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->out.substr(r->out.find('\n') + 1), "2\n");

  r = RunPython(kStat, {port, "tok", "oauth-token-1"});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->out.substr(r->out.find('\n') + 1), "0\n");

  r = RunPython(kStat, {port, "alice", "wrong"});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->out.substr(r->out.find('\n') + 1), "-ERR [AUTH] Authentication failed.\n");
  EXPECT_TRUE(server.WaitForLog("(auth failed, 1 attempts")) << server.Log();
  EXPECT_FALSE(server.WaitForLog("no such text", milliseconds(20)));

  Status unknown = server.AddMail("carol", "x");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().message, "no maildir for user carol");
}

TEST(DovecotServerTest, StartAndStopAreFast) {
  std::vector<long long> start_ms;
  std::vector<long long> stop_ms;
  for (bool tls : {false, true, false, true}) {
    DovecotServer server;
    auto start = Clock::now();
    MPOP_REQUIRE(server.Start({.users = {{"alice", "alicepw", MakeMails(3, {})}}, .tls = tls}));
    start_ms.push_back(MillisSince(start));
    const uint16_t port = server.pop3_port();
    start = Clock::now();
    server.Stop();
    stop_ms.push_back(MillisSince(start));
    EXPECT_FALSE(ConnectLoopback(port)) << "still listening after Stop()";
    EXPECT_EQ(server.CountMails("alice"), 3u);
  }
  std::cout << "DovecotServer start (plain, tls, plain, tls) ms:";
  for (auto ms : start_ms) std::cout << ' ' << ms;
  std::cout << "\nDovecotServer stop ms:";
  for (auto ms : stop_ms) std::cout << ' ' << ms;
  std::cout << "\n";
  // Not a benchmark: only catches a start that waits for a time-out.
  EXPECT_LT(*std::max_element(start_ms.begin(), start_ms.end()), 5000);
}

TEST(DovecotServerTest, FailedStartReportsTheLog) {
  DovecotServer server;
  Status s = server.Start({.extra_conf = {"no_such_setting = 1"}});
  if (!s && s.error().code == ExitCode::kUnavailable) GTEST_SKIP() << s.error().message;
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().message.rfind("Dovecot did not start: ", 0), 0u) << s.error().message;
  EXPECT_NE(s.error().message.find("Unknown setting: no_such_setting"), std::string::npos)
      << s.error().message;
}

// Retrieves every message in order and prints them separated by a line "=====".
constexpr const char* kRetrAll = R"(
import poplib, sys
p = poplib.POP3('127.0.0.1', int(sys.argv[1]), timeout=10)
p.user('alice'); p.pass_('alicepw')
for i in range(1, p.stat()[0] + 1):
    sys.stdout.buffer.write(b'\n'.join(p.retr(i)[1]) + b'\n=====\n')
p.quit()
)";

TEST(DovecotServerTest, MessagesKeepTheGivenOrder) {
  MPOP_REQUIRE(RequireExecutable(kPython));
  std::vector<std::string> mails = MakeMails(12, {.size = 300, .dot_lines = true});
  DovecotServer server;
  MPOP_REQUIRE(server.Start({.users = {{"alice", "alicepw", mails}}}));
  ASSERT_TRUE(server.AddMail("alice", "Subject: thirteenth\n\n.\n"));
  mails.push_back("Subject: thirteenth\n\n.\n");
  auto r = RunPython(kRetrAll, {std::to_string(server.pop3_port())});
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->exit_code, 0) << r->Describe();
  std::string expected;
  for (const auto& mail : mails) expected += mail + "=====\n";
  EXPECT_EQ(r->out, expected);
}

// APOP on the plain port; EXTERNAL with the client certificate and XOAUTH2 with a token
// on pop3s. Prints one line per login.
constexpr const char* kMechanisms = R"(
import base64, poplib, ssl, sys
ca, certs, plain_port, tls_port = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
p = poplib.POP3('127.0.0.1', plain_port, timeout=10)
print('apop', p.apop('alice', 'alicepw').decode())
p.quit()
ctx = ssl.create_default_context(cafile=ca)
ctx.load_cert_chain(certs + '/client.crt', certs + '/client.key')
p = poplib.POP3_SSL('localhost', tls_port, context=ctx, timeout=10)
print('external', p._shortcmd('AUTH EXTERNAL =').decode())
p.quit()
p = poplib.POP3_SSL('localhost', tls_port, context=ssl.create_default_context(cafile=ca))
token = base64.b64encode(b'user=tok\x01auth=Bearer oauth-token-1\x01\x01').decode()
print('xoauth2', p._shortcmd('AUTH XOAUTH2 ' + token).decode())
p.quit()
)";

TEST(DovecotServerTest, ApopExternalAndXoauth2Work) {
  MPOP_REQUIRE(RequireExecutable(kPython));
  DovecotServer server;
  MPOP_REQUIRE(server.Start(
      {.users = {{"alice", "alicepw", {}}, {"tok", "oauth-token-1", {}}}, .tls = true}));
  const std::string certs = fs::path(server.ca_cert()).parent_path().string();
  auto r = RunPython(kMechanisms, {server.ca_cert(), certs, std::to_string(server.pop3_port()),
                                   std::to_string(server.pop3s_port())});
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->exit_code, 0) << r->Describe() << "\n" << server.Log();
  EXPECT_EQ(r->out, "apop +OK Logged in.\nexternal +OK Logged in.\nxoauth2 +OK Logged in.\n");
}

}  // namespace
}  // namespace mpop::testing
