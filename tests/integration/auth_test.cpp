// mpop's authentication against a real Dovecot: every method Dovecot offers, the automatic
// choice, wrong passwords, methods the server does not offer, and every password source
// (passwordeval, ~/.netrc, a Secret Service keyring in a private D-Bus session, the
// terminal prompt on a pseudo-terminal, and no terminal at all).

#include <gtest/gtest.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "auth/base64.hpp"
#include "support/dovecot_server.hpp"
#include "support/mail_factory.hpp"
#include "support/mpop_runner.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace mpop::testing {
namespace {

constexpr const char* kFailed = "-ERR [AUTH] Authentication failed.";

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// An account for a Dovecot user with `auth METHOD` and the given password lines.
std::string Account(int port, const std::string& user, const std::string& method,
                    const std::string& password_lines, const std::string& maildir) {
  return "account default\nhost 127.0.0.1\nport " + std::to_string(port) + "\nuser " + user +
         "\nauth " + method + "\n" + password_lines + "delivery maildir " + maildir + "\nkeep on\n";
}

// Runs mpop with HOME set and no way to a Secret Service (unless env brings one back);
// `prefix` goes before the binary (e.g. setsid).
RunResult RunMpop(const MpopHome& home, const std::vector<std::string>& args,
                  const std::vector<std::string>& prefix = {},
                  std::vector<std::pair<std::string, std::string>> env = {}) {
  Command command;
  command.argv = prefix;
  command.argv.push_back(MPOP_BIN);
  command.argv.insert(command.argv.end(), args.begin(), args.end());
  command.env = {{"HOME", home.home()}, {"USER", "tester"}};
  command.env.insert(command.env.end(), env.begin(), env.end());
  command.unset_env = {"XDG_CONFIG_HOME", "LOGNAME", "DBUS_SESSION_BUS_ADDRESS", "XDG_RUNTIME_DIR",
                       "MPOPRC"};
  return RunToResult(command, {.timeout = std::chrono::seconds(60)});
}

class AuthTest : public ::testing::Test {
 protected:
  Status StartServer(std::vector<std::string> extra_conf = {}) {
    DovecotOptions options;
    options.users = {{"alice", "alicepw", MakeMails(1, {})},
                     {"tok", "oauth-token-1", MakeMails(1, {})}};
    options.extra_conf = std::move(extra_conf);
    return server_.Start(std::move(options));
  }
  // One retrieval with a fresh home; returns the run, with the maildir in *maildir.
  RunResult Retrieve(const std::string& user, const std::string& method,
                     const std::string& password_lines, std::string* maildir = nullptr) {
    homes_.push_back(std::make_unique<MpopHome>());
    MpopHome& home = *homes_.back();
    const std::string dir = home.MakeMaildir("Mail");
    if (maildir != nullptr) *maildir = dir;
    home.WriteConfig(Account(server_.pop3_port(), user, method, password_lines, dir));
    return RunMpop(home, {"-d"});
  }

  DovecotServer server_;
  std::vector<std::unique_ptr<MpopHome>> homes_;
};

struct MethodCase {
  std::string method;  // the auth setting
  std::string user;
  std::string password;  // the password or the OAuth token
  std::string sent;      // how the trace shows the first authentication line
};

const MethodCase kMethods[] = {
    {"user", "alice", "alicepw", "--> USER alice"},
    {"apop", "alice", "alicepw", "--> APOP alice "},
    {"plain", "alice", "alicepw", "--> AUTH PLAIN AGFsaWNlAGFsaWNlcHc="},
    {"login", "alice", "alicepw", "--> AUTH LOGIN\n"},
    {"cram-md5", "alice", "alicepw", "--> AUTH CRAM-MD5\n"},
    {"digest-md5", "alice", "alicepw", "--> AUTH DIGEST-MD5\n"},
    {"scram-sha-1", "alice", "alicepw", "--> AUTH SCRAM-SHA-1 "},
    {"scram-sha-256", "alice", "alicepw", "--> AUTH SCRAM-SHA-256 "},
    {"oauthbearer", "tok", "oauth-token-1", "--> AUTH OAUTHBEARER "},
    {"xoauth2", "tok", "oauth-token-1", "--> AUTH XOAUTH2\n"},
};

TEST_F(AuthTest, EachMethodRetrieves) {
  MPOP_REQUIRE(StartServer());
  for (const MethodCase& c : kMethods) {
    std::string maildir;
    RunResult run = Retrieve(c.user, c.method, "password " + c.password + "\n", &maildir);
    EXPECT_TRUE(run.ok()) << c.method << ": " << run.Describe() << run.out;
    EXPECT_TRUE(Contains(run.out, c.sent)) << c.method << ":\n" << run.out;
    EXPECT_EQ(FilesIn(maildir + "/new").size(), 1u) << c.method;
  }
}

// Dovecot delays answers after failures from the same address more and more (its auth
// penalty, 15 s by the tenth), so each method gets a fresh server.
TEST_F(AuthTest, WrongPasswordIsNoPermWithTheServersWords) {
  for (const MethodCase& c : kMethods) {
    DovecotServer server;
    MPOP_REQUIRE(server.Start({.users = {{c.user, c.password, MakeMails(1, {})}}}));
    MpopHome home;
    const std::string maildir = home.MakeMaildir("Mail");
    home.WriteConfig(Account(server.pop3_port(), c.user, c.method,
                             "password wrong-" + c.password + "\n", maildir));
    RunResult run = RunMpop(home, {"-q"});
    EXPECT_EQ(run.exit_code, 77) << c.method << ": " << run.Describe();
    EXPECT_TRUE(Contains(run.err, kFailed)) << c.method << ": " << run.err;
    EXPECT_TRUE(Contains(run.err, "check the user name and password"))
        << c.method << ": " << run.err;
    EXPECT_TRUE(FilesIn(maildir + "/new").empty()) << c.method;
    EXPECT_EQ(server.CountMails(c.user), 1u) << c.method;
  }
}

// Without TLS the automatic choice takes SCRAM-SHA-256, the strongest Dovecot offers, and
// the password never crosses the wire: not in the trace, and Dovecot logs the method.
TEST_F(AuthTest, AutomaticChoiceWithoutTlsIsScramSha256) {
  MPOP_REQUIRE(StartServer());
  std::string maildir;
  RunResult run = Retrieve("alice", "on", "password alicepw\n", &maildir);
  ASSERT_TRUE(run.ok()) << run.Describe() << run.out;
  EXPECT_TRUE(Contains(run.out, "--> AUTH SCRAM-SHA-256 ")) << run.out;
  EXPECT_FALSE(Contains(run.out, "alicepw")) << run.out;
  EXPECT_FALSE(Contains(run.out, auth::Base64Encode(std::string("\0alice\0alicepw", 14))));
  EXPECT_EQ(FilesIn(maildir + "/new").size(), 1u);
  EXPECT_TRUE(server_.WaitForLog("method=SCRAM-SHA-256")) << server_.Log();
}

// A server without any method acceptable without TLS: nothing is sent, exit 69.
TEST_F(AuthTest, AutomaticChoiceRefusesCleartextWithoutTls) {
  MPOP_REQUIRE(StartServer({"auth_mechanisms = plain login"}));
  RunResult run = Retrieve("alice", "on", "password alicepw\n");
  EXPECT_EQ(run.exit_code, 69) << run.Describe();
  EXPECT_TRUE(
      Contains(run.err, "cannot use a secure authentication method: the POP3 server offers USER, "))
      << run.err;
  EXPECT_TRUE(Contains(run.err, "automatic choice accepts SCRAM-SHA-256, SCRAM-SHA-1 without TLS"))
      << run.err;
  EXPECT_FALSE(Contains(run.out, "--> AUTH")) << run.out;
  EXPECT_FALSE(Contains(run.out, "--> USER")) << run.out;
  EXPECT_FALSE(Contains(run.out, "--> APOP")) << run.out;
  EXPECT_FALSE(Contains(server_.Log(), "auth failed")) << server_.Log();
}

// An explicitly chosen method the server lacks fails before anything is sent about the
// user or the password.
TEST_F(AuthTest, ExplicitMethodNotOfferedFailsBeforeThePassword) {
  MPOP_REQUIRE(StartServer({"auth_mechanisms = plain"}));
  RunResult run = Retrieve("alice", "cram-md5", "password alicepw\n");
  EXPECT_EQ(run.exit_code, 69) << run.Describe();
  EXPECT_TRUE(Contains(run.err,
                       "POP3 server does not support authentication method CRAM-MD5 "
                       "(it offers USER, "))
      << run.err;
  EXPECT_FALSE(Contains(run.out, "--> AUTH")) << run.out;
  EXPECT_FALSE(Contains(run.out, "--> USER")) << run.out;
  EXPECT_FALSE(Contains(run.out, "alicepw")) << run.out;
}

TEST_F(AuthTest, PasswordEval) {
  MPOP_REQUIRE(StartServer());
  std::string maildir;
  RunResult run =
      Retrieve("alice", "scram-sha-256", "passwordeval printf 'alicepw\\nrest'\n", &maildir);
  ASSERT_TRUE(run.ok()) << run.Describe();
  EXPECT_EQ(FilesIn(maildir + "/new").size(), 1u);

  run = Retrieve("alice", "scram-sha-256", "passwordeval exit 3\n");
  EXPECT_EQ(run.exit_code, 78) << run.Describe();
  EXPECT_TRUE(Contains(run.err, "'exit 3' failed with exit status 3")) << run.err;
}

TEST_F(AuthTest, Netrc) {
  MPOP_REQUIRE(StartServer());
  MpopHome home;
  const std::string maildir = home.MakeMaildir("Mail");
  home.WriteConfig(Account(server_.pop3_port(), "alice", "plain", "", maildir));
  WriteFile(home.home() + "/.netrc",
            "machine 127.0.0.1 login bob password bobpw\n"
            "machine 127.0.0.1 login alice password alicepw\n");
  RunResult run = RunMpop(home, {"-q"});
  ASSERT_TRUE(run.ok()) << run.Describe();
  EXPECT_EQ(FilesIn(maildir + "/new").size(), 1u);
}

// The prompt on the controlling terminal (a pseudo-terminal from python3's pty module),
// without echo: the password never shows in the terminal's output.
TEST_F(AuthTest, PromptOnTerminal) {
  MPOP_REQUIRE(RequireExecutable("/usr/bin/python3"));
  MPOP_REQUIRE(StartServer());
  MpopHome home;
  const std::string maildir = home.MakeMaildir("Mail");
  home.WriteConfig(Account(server_.pop3_port(), "alice", "scram-sha-1", "", maildir));
  const std::string script = R"(
import os, pty, select, sys, time
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
out = b''
answered = False
deadline = time.time() + 30
while time.time() < deadline:
    ready, _, _ = select.select([fd], [], [], 1)
    if not ready:
        continue
    try:
        chunk = os.read(fd, 4096)
    except OSError:
        break
    if not chunk:
        break
    out += chunk
    if not answered and out.endswith(b': '):
        os.write(fd, b'alicepw\n')
        answered = True
_, status = os.waitpid(pid, 0)
sys.stdout.buffer.write(out)
sys.exit(os.waitstatus_to_exitcode(status))
)";
  RunResult run = RunMpop(home, {"-q"}, {"/usr/bin/python3", "-c", script});
  EXPECT_EQ(run.exit_code, 0) << run.Describe() << run.out;
  EXPECT_TRUE(Contains(run.out, "password for alice at 127.0.0.1: ")) << run.out;
  EXPECT_FALSE(Contains(run.out, "alicepw")) << run.out;
  EXPECT_EQ(FilesIn(maildir + "/new").size(), 1u);
}

TEST_F(AuthTest, NoPasswordAndNoTerminal) {
  MPOP_REQUIRE(RequireExecutable("/usr/bin/setsid"));
  MPOP_REQUIRE(StartServer());
  MpopHome home;
  const std::string maildir = home.MakeMaildir("Mail");
  home.WriteConfig(Account(server_.pop3_port(), "alice", "scram-sha-256", "", maildir));
  RunResult run = RunMpop(home, {"-q"}, {"/usr/bin/setsid", "-w"});
  EXPECT_EQ(run.exit_code, 78) << run.Describe();
  EXPECT_TRUE(Contains(run.err,
                       "no password for alice at 127.0.0.1: set password, passwordeval "
                       "or a keyring entry; there is no terminal to ask on"))
      << run.err;
}

// A real Secret Service (gnome-keyring) in a private D-Bus session (COMPONENTS.md 2.4).
class KeyringTest : public AuthTest {
 protected:
  Status RequireKeyring() {
    for (const char* tool :
         {"/usr/bin/dbus-run-session", "/usr/bin/gnome-keyring-daemon", "/usr/bin/secret-tool"}) {
      MPOP_TRY(RequireExecutable(tool));
    }
    return {};
  }
  // Runs `store` (secret-tool arguments after "store --label=mpop") and then mpop, inside
  // one D-Bus session with an unlocked keyring.
  RunResult RunWithKeyring(const MpopHome& home, const std::string& secret,
                           const std::vector<std::string>& store) {
    const std::string runtime = home.home() + "/run";
    std::vector<std::string> prefix = {
        "/usr/bin/dbus-run-session",
        "--",
        "/bin/sh",
        "-ec",
        "mkdir -p -m 700 \"$XDG_RUNTIME_DIR\"\n"
        "printf test-keyring-pw | gnome-keyring-daemon --unlock --components=secrets "
        ">/dev/null 2>&1\n"
        "printf %s \"$0\" | secret-tool store --label=mpop \"$@\" 2>&1\n"
        "exec \"$MPOP_UNDER_TEST\" -q",
        secret};
    prefix.insert(prefix.end(), store.begin(), store.end());
    Command command;
    command.argv = prefix;
    command.env = {{"HOME", home.home()},
                   {"USER", "tester"},
                   {"XDG_RUNTIME_DIR", runtime},
                   {"MPOP_UNDER_TEST", MPOP_BIN}};
    command.unset_env = {"XDG_CONFIG_HOME", "LOGNAME", "DBUS_SESSION_BUS_ADDRESS", "MPOPRC",
                         "GNOME_KEYRING_CONTROL"};
    return RunToResult(command, {.timeout = std::chrono::seconds(60)});
  }
};

TEST_F(KeyringTest, SecretToolEntryAsTheManualShows) {
  MPOP_REQUIRE(RequireKeyring());
  MPOP_REQUIRE(StartServer());
  MpopHome home;
  const std::string maildir = home.MakeMaildir("Mail");
  home.WriteConfig(Account(server_.pop3_port(), "alice", "scram-sha-256", "", maildir));
  RunResult run =
      RunWithKeyring(home, "alicepw", {"host", "127.0.0.1", "service", "pop3", "user", "alice"});
  ASSERT_TRUE(run.ok()) << run.Describe() << run.out;
  EXPECT_EQ(FilesIn(maildir + "/new").size(), 1u);
}

TEST_F(KeyringTest, UpstreamSchemaEntry) {
  MPOP_REQUIRE(RequireKeyring());
  MPOP_REQUIRE(StartServer());
  MpopHome home;
  const std::string maildir = home.MakeMaildir("Mail");
  home.WriteConfig(Account(server_.pop3_port(), "alice", "plain", "", maildir));
  RunResult run = RunWithKeyring(home, "alicepw",
                                 {"xdg:schema", "de.marlam.mpop.password", "host", "127.0.0.1",
                                  "service", "pop3", "user", "alice"});
  ASSERT_TRUE(run.ok()) << run.Describe() << run.out;
  EXPECT_EQ(FilesIn(maildir + "/new").size(), 1u);
}

TEST_F(KeyringTest, OldGnomeKeyringNetworkEntry) {
  MPOP_REQUIRE(RequireKeyring());
  MPOP_REQUIRE(StartServer());
  MpopHome home;
  const std::string maildir = home.MakeMaildir("Mail");
  home.WriteConfig(Account(server_.pop3_port(), "alice", "plain", "", maildir));
  RunResult run = RunWithKeyring(home, "alicepw",
                                 {"xdg:schema", "org.gnome.keyring.NetworkPassword", "user",
                                  "alice", "protocol", "pop3", "server", "127.0.0.1"});
  ASSERT_TRUE(run.ok()) << run.Describe() << run.out;
  EXPECT_EQ(FilesIn(maildir + "/new").size(), 1u);
}

// The keyring has an entry for another user: mpop falls through to ~/.netrc.
TEST_F(KeyringTest, NoMatchingEntryFallsThroughToNetrc) {
  MPOP_REQUIRE(RequireKeyring());
  MPOP_REQUIRE(StartServer());
  MpopHome home;
  const std::string maildir = home.MakeMaildir("Mail");
  home.WriteConfig(Account(server_.pop3_port(), "alice", "plain", "", maildir));
  WriteFile(home.home() + "/.netrc", "machine 127.0.0.1 login alice password alicepw\n");
  RunResult run =
      RunWithKeyring(home, "wrong", {"host", "127.0.0.1", "service", "pop3", "user", "bob"});
  ASSERT_TRUE(run.ok()) << run.Describe() << run.out;
  EXPECT_EQ(FilesIn(maildir + "/new").size(), 1u);
}

// A session bus without any Secret Service: skipped silently and quickly.
TEST_F(KeyringTest, BusWithoutSecretServiceIsSkipped) {
  MPOP_REQUIRE(RequireExecutable("/usr/bin/dbus-run-session"));
  MPOP_REQUIRE(StartServer());
  MpopHome home;
  const std::string maildir = home.MakeMaildir("Mail");
  home.WriteConfig(Account(server_.pop3_port(), "alice", "plain", "", maildir));
  WriteFile(home.home() + "/.netrc", "machine 127.0.0.1 login alice password alicepw\n");
  // A private bus configuration without service activation directories.
  WriteFile(home.home() + "/bus.conf",
            "<busconfig><type>session</type><listen>unix:tmpdir=" + home.home() +
                "</listen><auth>EXTERNAL</auth><policy context=\"default\"><allow "
                "send_destination=\"*\" eavesdrop=\"true\"/><allow eavesdrop=\"true\"/><allow "
                "own=\"*\"/></policy></busconfig>\n");
  const auto start = std::chrono::steady_clock::now();
  RunResult run =
      RunMpop(home, {"-q"},
              {"/usr/bin/dbus-run-session", "--config-file=" + home.home() + "/bus.conf", "--"});
  const auto took = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(run.ok()) << run.Describe();
  EXPECT_EQ(FilesIn(maildir + "/new").size(), 1u);
  EXPECT_LT(took, std::chrono::seconds(5));
}

// EXTERNAL with the client certificate over TLS (CN=alice); needs the client's TLS.
TEST(AuthExternalTest, ClientCertificate) {
  DovecotServer server;
  MPOP_REQUIRE(server.Start({.users = {{"alice", "alicepw", MakeMails(1, {})}}, .tls = true}));
  MpopHome home;
  const std::string maildir = home.MakeMaildir("Mail");
  home.WriteConfig("account default\nhost 127.0.0.1\nport " + std::to_string(server.pop3s_port()) +
                   "\ntls on\ntls_starttls off\ntls_trust_file " + server.ca_cert() +
                   "\ntls_cert_file " + server.client_cert() + "\ntls_key_file " +
                   server.client_key() + "\nauth external\ndelivery maildir " + maildir + "\n");
  RunResult run = RunMpop(home, {"-q"});
  if (Contains(run.err, "support for TLS is not available in this version yet")) {
    GTEST_SKIP() << "mpop has no TLS yet (client wiring pending): " << run.err;
  }
  ASSERT_TRUE(run.ok()) << run.Describe() << server.Log();
  EXPECT_EQ(FilesIn(maildir + "/new").size(), 1u);
}

}  // namespace
}  // namespace mpop::testing
