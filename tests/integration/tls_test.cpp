// mpop with TLS (issue #5): STARTTLS and POP3S against a real Dovecot with its test CA, 1000
// mails over TLS with pipelining, --serverinfo's TLS block beside Debian's mpop, and every
// refusal (untrusted, wrong host, expired, revoked, fingerprint mismatch, STLS missing, STLS
// answered with -ERR, bytes injected after the STLS reply) against scripted TLS servers
// that record what crossed the connection: no credential before TLS, no command after a
// failed handshake.
//
// Until the client wires TLS in, mpop answers "support for TLS is not available in this
// version yet": these tests then skip (never pass) with that reason.

#include <gnutls/gnutls.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "net/connect.hpp"
#include "net/gnutls_library.hpp"
#include "net/tls_context.hpp"
#include "net/tls_fingerprint.hpp"
#include "net/tls_info.hpp"
#include "support/dovecot_server.hpp"
#include "support/mail_factory.hpp"
#include "support/mpop_runner.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"
#include "support/tls_certs.hpp"
#include "support/tls_server.hpp"

namespace mpop::testing {
namespace {

constexpr const char* kNotWired = "support for TLS is not available in this version yet";
constexpr const char* kDebianMpop = "/usr/bin/mpop";

#define SKIP_IF_TLS_NOT_WIRED(run)                                                  \
  do {                                                                              \
    if ((run).err.find(kNotWired) != std::string::npos)                             \
      GTEST_SKIP() << "mpop has no TLS yet (client wiring pending): " << (run).err; \
  } while (0)

std::string Der(const std::string& pem) {
  gnutls_datum_t in{reinterpret_cast<unsigned char*>(const_cast<char*>(pem.data())),
                    static_cast<unsigned int>(pem.size())};
  gnutls_datum_t out{};
  if (gnutls_pem_base64_decode2("CERTIFICATE", &in, &out) < 0) return "";
  std::string der(reinterpret_cast<char*>(out.data), out.size);
  gnutls_free(out.data);
  return der;
}

std::string FingerprintOf(const std::string& pem, net::FingerprintType type) {
  auto digest = net::CertificateDigest(Der(pem), type);
  return digest ? net::FormatFingerprint(*digest) : "";
}

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// ---------------------------------------------------------------------------------------
// Against Dovecot.

class TlsDovecotTest : public ::testing::Test {
 protected:
  Status Start(std::vector<std::string> mails) {
    mails_ = std::move(mails);
    return server_.Start({.users = {{"alice", "alicepw", mails_}}, .tls = true});
  }
  // alice's account with TLS settings appended (later settings win).
  std::string Account(int port, const std::string& tls) {
    maildir_ = home_.MakeMaildir("Mail");
    return DovecotAccount("default", port, "alice", "alicepw", maildir_,
                          "timeout 20\ntls on\n" + tls);
  }
  std::string CaLine() const { return "tls_trust_file " + server_.ca_cert() + "\n"; }
  std::string ServerCertPem() const { return ReadFile(server_.dir() + "/certs/server.crt"); }

  std::vector<std::string> mails_;
  DovecotServer server_;
  MpopHome home_;
  std::string maildir_;
};

TEST_F(TlsDovecotTest, StarttlsAndPop3sRetrieveWithTheTestCa) {
  MPOP_REQUIRE(Start(MakeMails(3, {})));
  struct Case {
    const char* name;
    int port;
    std::string settings;
  } cases[] = {
      {"starttls", server_.pop3_port(), CaLine()},
      {"pop3s", server_.pop3s_port(), CaLine() + "tls_starttls off\n"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    MpopHome home;
    std::string maildir = home.MakeMaildir("Mail");
    home.WriteConfig(DovecotAccount("default", c.port, "alice", "alicepw", maildir,
                                    "tls on\nkeep on\n" + c.settings));
    RunResult run = home.Run({"-q"});
    SKIP_IF_TLS_NOT_WIRED(run);
    ASSERT_TRUE(run.ok()) << run.Describe();
    EXPECT_EQ(FilesIn(maildir + "/new").size(), 3u);
  }
}

TEST_F(TlsDovecotTest, ThousandMailsOverPop3sWithPipelining) {
  MPOP_REQUIRE(Start(MakeMails(1000, {.seed = 5, .size = 1500, .dot_lines = true})));
  home_.WriteConfig(Account(server_.pop3s_port(), CaLine() + "tls_starttls off\n"));
  RunResult run = home_.Run({"-q"});
  SKIP_IF_TLS_NOT_WIRED(run);
  ASSERT_TRUE(run.ok()) << run.Describe();
  std::vector<std::string> files = FilesIn(maildir_ + "/new");
  ASSERT_EQ(files.size(), mails_.size());
  // Maildir names end in the per-process sequence number Q<n>, which follows the server's
  // order.
  auto sequence = [](const std::string& path) {
    return std::stol(path.substr(path.rfind('Q') + 1));
  };
  std::sort(files.begin(), files.end(),
            [&](const std::string& a, const std::string& b) { return sequence(a) < sequence(b); });
  for (std::size_t i = 0; i < mails_.size(); ++i) {
    EXPECT_TRUE(DeliveredMatches(ReadFile(files[i]), mails_[i])) << "mail " << i + 1;
  }
  EXPECT_EQ(server_.CountMails("alice"), 0u);
}

TEST_F(TlsDovecotTest, AcceptedWithoutCaTrust) {
  MPOP_REQUIRE(Start(MakeMails(1, {})));
  std::string pem = ServerCertPem();
  struct Case {
    const char* name;
    std::string settings;
  } cases[] = {
      {"sha256", "tls_trust_file\ntls_fingerprint " +
                     FingerprintOf(pem, net::FingerprintType::kSha256) + "\n"},
      {"sha1",
       "tls_trust_file\ntls_fingerprint " + FingerprintOf(pem, net::FingerprintType::kSha1) + "\n"},
      {"certcheck off", "tls_trust_file\ntls_certcheck off\n"},
      {"host override", CaLine() + "tls_host_override localhost\n"},
      {"client certificate", CaLine() + "tls_cert_file " + server_.client_cert() +
                                 "\ntls_key_file " + server_.client_key() + "\n"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    MpopHome home;
    std::string maildir = home.MakeMaildir("Mail");
    home.WriteConfig(DovecotAccount("default", server_.pop3s_port(), "alice", "alicepw", maildir,
                                    "tls on\ntls_starttls off\nkeep on\n" + c.settings));
    RunResult run = home.Run({"-q"});
    SKIP_IF_TLS_NOT_WIRED(run);
    ASSERT_TRUE(run.ok()) << run.Describe();
    EXPECT_EQ(FilesIn(maildir + "/new").size(), 1u);
  }
}

TEST_F(TlsDovecotTest, ClientCertificateWithSaslExternal) {
  MPOP_REQUIRE(Start(MakeMails(2, {})));
  home_.WriteConfig(Account(server_.pop3s_port(), CaLine() + "tls_starttls off\ntls_cert_file " +
                                                      server_.client_cert() + "\ntls_key_file " +
                                                      server_.client_key() + "\nauth external\n"));
  RunResult run = home_.Run({"-q"});
  SKIP_IF_TLS_NOT_WIRED(run);
  if (Contains(run.err, "support for authentication method EXTERNAL is not compiled in")) {
    GTEST_SKIP() << "EXTERNAL is not available yet: " << run.err;
  }
  ASSERT_TRUE(run.ok()) << run.Describe() << "\n" << server_.Log();
  EXPECT_EQ(FilesIn(maildir_ + "/new").size(), 2u);
}

// The client key on a PKCS#11 token (a private SoftHSM2 token), the PIN in the URI.
TEST_F(TlsDovecotTest, Pkcs11ClientKey) {
  MPOP_REQUIRE(RequireExecutable("/usr/bin/softhsm2-util"));
  MPOP_REQUIRE(RequireExecutable("/usr/bin/p11tool"));
  MPOP_REQUIRE(Start(MakeMails(1, {})));
  ScopedTempDir token_dir;
  const std::string conf = token_dir.File("softhsm2.conf");
  WriteFile(conf, "directories.tokendir = " + token_dir.File("tokens") +
                      "\nobjectstore.backend = file\nlog.level = ERROR\n");
  Command setup;
  setup.argv = {"/bin/sh", "-ec",
                "mkdir -p \"$0/tokens\"\n"
                "softhsm2-util --init-token --free --label testtok --pin 1234 --so-pin 5678 "
                ">/dev/null\n"
                "GNUTLS_PIN=1234 p11tool --login --write --label client --load-privkey \"$1\" "
                "pkcs11:token=testtok >/dev/null",
                token_dir.path().string(), server_.client_key()};
  setup.env = {{"SOFTHSM2_CONF", conf}};
  auto made = RunCommand(setup);
  ASSERT_TRUE(made.has_value() && made->ok()) << (made ? made->Describe() : made.error().message);

  home_.WriteConfig(Account(server_.pop3s_port(),
                            CaLine() + "tls_starttls off\ntls_cert_file " + server_.client_cert() +
                                "\ntls_key_file pkcs11:token=testtok;object=client;"
                                "type=private?pin-value=1234\n"));
  Command command;
  command.argv = {MPOP_BIN, "-q"};
  command.env = {{"HOME", home_.home()}, {"USER", "tester"}, {"SOFTHSM2_CONF", conf}};
  command.unset_env = {"XDG_CONFIG_HOME", "LOGNAME"};
  auto run = RunCommand(command, {.timeout = std::chrono::seconds(60)});
  ASSERT_TRUE(run.has_value()) << run.error().message;
  SKIP_IF_TLS_NOT_WIRED(*run);
  ASSERT_TRUE(run->ok()) << run->Describe();
  EXPECT_EQ(FilesIn(maildir_ + "/new").size(), 1u);
}

TEST_F(TlsDovecotTest, RefusalsLeaveTheMailboxAlone) {
  MPOP_REQUIRE(Start(MakeMails(2, {})));
  std::string other_pem = MakeSelfSigned({.subject = "CN=other"}).cert_pem;
  struct Case {
    const char* name;
    std::string settings;
    int exit_code;
    std::string message;
  } cases[] = {
      {"wrong host", CaLine() + "tls_host_override pop.example.org\n", 69,
       "TLS certificate verification failed: the certificate owner does not match hostname "
       "pop.example.org"},
      {"untrusted", "tls_trust_file /etc/ssl/certs/ca-certificates.crt\n", 69,
       "TLS certificate verification failed: the certificate issuer 'CN=mpop test CA' is not "
       "trusted"},
      {"fingerprint mismatch",
       "tls_fingerprint " + FingerprintOf(other_pem, net::FingerprintType::kSha256) + "\n", 69,
       "TLS certificate verification failed: the certificate fingerprint does not match "
       "tls_fingerprint"},
      {"missing trust file", "tls_trust_file /nonexistent/ca.pem\n", 66,
       "cannot read TLS trust file /nonexistent/ca.pem: No such file or directory"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    MpopHome home;
    std::string maildir = home.MakeMaildir("Mail");
    home.WriteConfig(DovecotAccount("default", server_.pop3s_port(), "alice", "alicepw", maildir,
                                    "tls on\ntls_starttls off\n" + c.settings));
    RunResult run = home.Run({"-q"});
    SKIP_IF_TLS_NOT_WIRED(run);
    EXPECT_EQ(run.exit_code, c.exit_code) << run.Describe();
    EXPECT_TRUE(Contains(run.err, c.message)) << run.err;
    EXPECT_TRUE(FilesIn(maildir + "/new").empty());
  }
  EXPECT_EQ(server_.CountMails("alice"), 2u);
}

TEST_F(TlsDovecotTest, WrongTlsModeGetsAHint) {
  MPOP_REQUIRE(Start(MakeMails(1, {})));
  // TLS from the start against the STARTTLS port: Dovecot's greeting is plain text.
  home_.WriteConfig(Account(server_.pop3_port(), CaLine() + "tls_starttls off\n"));
  RunResult run = home_.Run({"-q"});
  SKIP_IF_TLS_NOT_WIRED(run);
  EXPECT_EQ(run.exit_code, 76) << run.Describe();
  EXPECT_TRUE(Contains(run.err, "set tls_starttls on")) << run.err;

  // STARTTLS against the pop3s port: no greeting ever comes.
  MpopHome home;
  std::string maildir = home.MakeMaildir("Mail");
  home.WriteConfig(DovecotAccount("default", server_.pop3s_port(), "alice", "alicepw", maildir,
                                  "tls on\ntimeout 1\n" + CaLine()));
  run = home.Run({"-q"});
  EXPECT_EQ(run.exit_code, 74) << run.Describe();
  EXPECT_TRUE(Contains(run.err, "tls_starttls off")) << run.err;
}

// The TLS block of --serverinfo, compared with Debian's mpop 1.4 on the same server.
TEST_F(TlsDovecotTest, ServerinfoTlsBlockMatchesDebianMpop) {
  MPOP_REQUIRE(Start({}));
  auto serverinfo = [&](const std::string& binary, MpopHome& home) {
    home.WriteConfig(Account(server_.pop3s_port(), CaLine() + "tls_starttls off\n"));
    std::vector<std::string> args = {"--serverinfo"};
    if (binary.empty()) return home.Run(args);
    return home.RunBinary(binary, args, std::chrono::seconds(60));
  };
  RunResult ours = serverinfo("", home_);
  SKIP_IF_TLS_NOT_WIRED(ours);
  if (!Contains(ours.out, "POP3 server at ")) {
    GTEST_SKIP() << "--serverinfo is not implemented yet: " << ours.Describe();
  }
  ASSERT_TRUE(ours.ok()) << ours.Describe();
  auto block = [](const std::string& out) {
    std::size_t begin = out.find("TLS session parameters:");
    std::size_t end = out.find("POP3 capabilities:");
    return begin == std::string::npos ? std::string() : out.substr(begin, end - begin);
  };
  std::string our_block = block(ours.out);
  EXPECT_TRUE(Contains(our_block,
                       "    Subject:\n        CN=localhost\n    Issuer:\n"
                       "        CN=mpop test CA\n"))
      << ours.out;
  EXPECT_TRUE(Contains(
      our_block,
      "        SHA256: " + FingerprintOf(ServerCertPem(), net::FingerprintType::kSha256) + "\n"))
      << ours.out;
  MPOP_REQUIRE(RequireExecutable(kDebianMpop));
  MpopHome debian_home;
  RunResult theirs = serverinfo(kDebianMpop, debian_home);
  ASSERT_TRUE(theirs.ok()) << theirs.Describe();
  EXPECT_EQ(our_block, block(theirs.out));
}

// The same comparison one layer down, available before --serverinfo exists: our
// FormatTlsInfo() of a handshake with Dovecot against Debian mpop's block.
TEST_F(TlsDovecotTest, TlsInfoLayoutMatchesDebianMpop) {
  MPOP_REQUIRE(RequireExecutable(kDebianMpop));
  MPOP_REQUIRE(Start({}));
  auto library = net::GnutlsLibrary::Init();
  ASSERT_TRUE(library.has_value());
  net::TlsOptions options;
  options.host = "127.0.0.1";
  options.trust_file = server_.ca_cert();
  net::ConnectOptions connect_options;
  connect_options.host = "127.0.0.1";
  connect_options.port = server_.pop3s_port();
  connect_options.lookup_peer_name = false;
  auto connection = net::Connect(connect_options);
  ASSERT_TRUE(connection.has_value()) << connection.error().message;
  auto tls = net::StartTls(*library, *connection->transport, options);
  ASSERT_TRUE(tls.has_value()) << tls.error().message;
  auto info = (*tls)->Info();
  ASSERT_TRUE(info.has_value());
  std::string ours = net::FormatTlsInfo(*info);

  home_.WriteConfig(Account(server_.pop3s_port(), CaLine() + "tls_starttls off\n"));
  Command command;
  command.argv = {kDebianMpop, "--serverinfo"};
  command.env = {{"HOME", home_.home()}, {"USER", "tester"}};
  command.unset_env = {"XDG_CONFIG_HOME", "LOGNAME"};
  auto theirs = RunCommand(command, {.timeout = std::chrono::seconds(60)});
  ASSERT_TRUE(theirs.has_value()) << theirs.error().message;
  ASSERT_TRUE(theirs->ok()) << theirs->Describe();
  std::size_t begin = theirs->out.find("TLS session parameters:");
  std::size_t end = theirs->out.find("POP3 capabilities:");
  ASSERT_NE(begin, std::string::npos) << theirs->out;
  EXPECT_EQ(ours, theirs->out.substr(begin, end - begin));
}

// ---------------------------------------------------------------------------------------
// Against scripted TLS servers with our own test certificates.

class TlsScriptedTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { certs_ = new TestCertificates(); }
  static void TearDownTestSuite() { delete certs_; }

  static TlsPop3ServerOptions Options(const std::string& cert) {
    TlsPop3ServerOptions options;
    options.tls = {.cert_file = certs_->Path(cert + ".crt"),
                   .key_file = certs_->Path(cert + ".key")};
    options.pop3.mails = {{"uid1", "Subject: one\n\nbody one\n", std::nullopt},
                          {"uid2", "Subject: two\n\nbody two\n", std::nullopt}};
    return options;
  }
  // joe's account on the scripted server, trusting the test CA.
  RunResult Run(const TlsPop3Server& server, const std::string& extra) {
    maildir_ = home_.MakeMaildir("Mail");
    home_.WriteConfig("account default\nhost 127.0.0.1\nport " + std::to_string(server.port()) +
                      "\nuser joe\npassword secret\nauth user\ntimeout 20\ndelivery maildir " +
                      maildir_ + "\ntls on\ntls_trust_file " + certs_->Path("ca.crt") + "\n" +
                      extra);
    return home_.Run({"-q"});
  }

  static TestCertificates* certs_;
  MpopHome home_;
  std::string maildir_;
};

TestCertificates* TlsScriptedTest::certs_ = nullptr;

// What the server saw: nothing but CAPA and STLS before TLS, the credentials only inside.
TEST_F(TlsScriptedTest, NoCredentialBeforeTheHandshake) {
  TlsPop3Server server(Options("server"));
  RunResult run = Run(server, "");
  SKIP_IF_TLS_NOT_WIRED(run);
  ASSERT_TRUE(run.ok()) << run.Describe();
  ASSERT_TRUE(server.WaitForSessions(1));
  std::vector<std::string> lines = server.Lines();
  ASSERT_GE(lines.size(), 4u);
  EXPECT_EQ(lines[0], "CAPA");
  EXPECT_EQ(lines[1], "STLS");
  EXPECT_EQ(lines[2], "TLS: CAPA");
  EXPECT_TRUE(std::find(lines.begin(), lines.end(), "TLS: PASS secret") != lines.end());
  for (std::size_t i = 2; i < lines.size(); ++i) EXPECT_TRUE(lines[i].starts_with("TLS: "));
  EXPECT_EQ(FilesIn(maildir_ + "/new").size(), 2u);
}

// The certificate names other.example only: accepted when tls_host_override says so.
TEST_F(TlsScriptedTest, HostOverrideAcceptsTheNameItGives) {
  TlsPop3ServerOptions options = Options("wrong_name");
  options.starttls = false;
  TlsPop3Server server(options);
  RunResult run = Run(server, "tls_starttls off\ntls_host_override other.example\n");
  SKIP_IF_TLS_NOT_WIRED(run);
  ASSERT_TRUE(run.ok()) << run.Describe();
  EXPECT_EQ(FilesIn(maildir_ + "/new").size(), 2u);
}

TEST_F(TlsScriptedTest, RejectedCertificatesEndTheSessionAtTheHandshake) {
  struct Case {
    std::string cert;
    std::string extra;
    std::string message;
  } cases[] = {
      {"self_signed", "", "the certificate is self-signed and not trusted"},
      {"expired", "", "the certificate has expired"},
      {"wrong_name", "", "the certificate owner does not match hostname 127.0.0.1"},
      {"revoked", "tls_crl_file " + certs_->Path("crl.pem") + "\n",
       "the certificate has been revoked"},
  };
  for (const Case& c : cases) {
    for (bool starttls : {true, false}) {
      SCOPED_TRACE(c.cert + (starttls ? " starttls" : " pop3s"));
      TlsPop3ServerOptions options = Options(c.cert);
      options.starttls = starttls;
      TlsPop3Server server(options);
      RunResult run = Run(server, c.extra + (starttls ? "" : "tls_starttls off\n"));
      SKIP_IF_TLS_NOT_WIRED(run);
      EXPECT_EQ(run.exit_code, 69) << run.Describe();
      EXPECT_TRUE(Contains(run.err, "TLS certificate verification failed: " + c.message))
          << run.err;
      ASSERT_TRUE(server.WaitForSessions(1));
      std::vector<std::string> expected;
      if (starttls) expected = {"CAPA", "STLS"};
      std::vector<std::string> lines = server.Lines();
      ASSERT_EQ(lines.size(), expected.size() + 1) << ::testing::PrintToString(lines);
      EXPECT_TRUE(lines.back().starts_with("handshake failed: ")) << lines.back();
      lines.pop_back();
      EXPECT_EQ(lines, expected);
    }
  }
}

TEST_F(TlsScriptedTest, StarttlsRefusals) {
  struct Case {
    const char* name;
    bool advertise_stls;
    std::string stls_reply;
    int exit_code;
    std::vector<std::string> lines;  // what the server may have received
    std::string message;
  } cases[] = {
      {"STLS missing from CAPA", false, "", 69, {"CAPA"}, "STLS"},
      {"STLS answered with -ERR",
       true,
       "-ERR not now\r\n",
       76,
       {"CAPA", "STLS"},
       "POP3 server rejected STLS"},
      {"bytes injected after +OK",
       true,
       "+OK go ahead\r\n+OK injected\r\n",
       76,
       {"CAPA", "STLS"},
       "command STLS failed"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    TlsPop3ServerOptions options = Options("server");
    options.advertise_stls = c.advertise_stls;
    if (!c.stls_reply.empty()) options.stls_reply = c.stls_reply;
    TlsPop3Server server(options);
    RunResult run = Run(server, "");
    SKIP_IF_TLS_NOT_WIRED(run);
    EXPECT_EQ(run.exit_code, c.exit_code) << run.Describe();
    EXPECT_TRUE(Contains(run.err, c.message)) << run.err;
    ASSERT_TRUE(server.WaitForSessions(1));
    std::vector<std::string> lines = server.Lines();
    // A polite QUIT after the refusal is allowed; credentials and TLS are not. After an
    // accepted STLS the server waits for a handshake that never comes.
    if (!lines.empty() && lines.back().starts_with("handshake failed: ")) lines.pop_back();
    if (!lines.empty() && lines.back() == "QUIT") lines.pop_back();
    EXPECT_EQ(lines, c.lines);
  }
}

}  // namespace
}  // namespace mpop::testing
