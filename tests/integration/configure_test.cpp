// mpop --configure against a real DNS server (issue #7, doc/COMPAT.md 7.8): dnsmasq serves the
// SRV records on port 53 of a private network namespace, and the unmodified mpop binary
// runs in the same namespaces with a bind-mounted resolv.conf naming it (COMPONENTS.md
// 3.3). Where Debian's mpop (1.4.18) is installed, its output for the same records is
// compared too (it has no IDN support for --configure, so not for that case).

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/dns_server.hpp"
#include "support/netns.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace mpop::testing {
namespace {

constexpr const char* kDebianMpop = "/usr/bin/mpop";

std::string Expected(const std::string& home, const std::string& address, const std::string& user,
                     const std::string& host, int port, bool starttls, bool warning = false) {
  return "# - copy this to your configuration file " + home + "/.mpoprc\n" +
         (warning ? "# - warning: the host does not match the mail domain; please check\n" : "") +
         "# - add your password to the key ring:\n"
         "#   secret-tool store --label=mpop host " +
         host + " service pop3 user " + user +
         "\n"
         "# - adjust the delivery command\n"
         "account " +
         address + "\nhost " + host + "\nport " + std::to_string(port) + "\ntls on\n" +
         "tls_starttls " + (starttls ? "on" : "off") + "\nuser " + user +
         "\ndelivery mbox ~/MAIL\n";
}

class ConfigureTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Status ok = RequirePrivateNamespaces();
    if (ok) ok = RequireDnsmasq();
    if (!ok) GTEST_SKIP() << ok.error().message;
    zone_.domains = {"example.test", "xn--bcher-kva.test", "empty.test"};
  }

  // Runs `binary --configure=ADDRESS` in the private namespaces with dnsmasq serving zone_.
  RunResult Configure(const std::string& address, const std::string& binary = MPOP_BIN) {
    NamespaceOptions ns{.work_dir = dir_.path().string(),
                        .new_network = true,
                        .resolv_conf = kLoopbackResolvConf,
                        .hosts = std::nullopt,
                        .services = {DnsService(zone_, dir_.File("dnsmasq.log"))}};
    Command command{.argv = {binary, "--configure=" + address},
                    .env = {{"HOME", home()}, {"USER", "tester"}},
                    .unset_env = {"XDG_CONFIG_HOME", "LOGNAME"}};
    return RunToResult(InPrivateNamespace(ns, command), {.timeout = std::chrono::seconds(60)});
  }

  std::string home() const { return dir_.path().string(); }
  std::string DnsLog() const { return ReadFile(dir_.File("dnsmasq.log")); }

  // Debian's mpop on the same records must print the same text.
  void ExpectSameAsDebian(const std::string& address, const RunResult& ours) {
    if (!RequireExecutable(kDebianMpop)) return;
    RunResult theirs = Configure(address, kDebianMpop);
    EXPECT_EQ(ours.out, theirs.out) << theirs.Describe();
    EXPECT_EQ(ours.exit_code, theirs.exit_code) << theirs.Describe();
  }

  ScopedTempDir dir_;
  DnsZone zone_;
};

TEST_F(ConfigureTest, OnlyPop3sGivesImplicitTls) {
  zone_.srv = {{"_pop3s._tcp.example.test", "pop.example.test", 995, 0, 1}};
  RunResult run = Configure("alice@example.test");
  ASSERT_TRUE(run.ok()) << run.Describe() << DnsLog();
  EXPECT_EQ(run.out,
            Expected(home(), "alice@example.test", "alice", "pop.example.test", 995, false));
  EXPECT_EQ(run.err, "");
  // The real DNS server was asked (and only the preferred name was needed).
  EXPECT_NE(DnsLog().find("_pop3s._tcp.example.test"), std::string::npos) << DnsLog();
  EXPECT_EQ(DnsLog().find("_pop3._tcp.example.test"), std::string::npos) << DnsLog();
  ExpectSameAsDebian("alice@example.test", run);
}

TEST_F(ConfigureTest, OnlyPop3GivesStarttls) {
  zone_.srv = {{"_pop3._tcp.example.test", "mail.example.test", 1110, 0, 0}};
  RunResult run = Configure("bob@example.test");
  ASSERT_TRUE(run.ok()) << run.Describe() << DnsLog();
  EXPECT_EQ(run.out, Expected(home(), "bob@example.test", "bob", "mail.example.test", 1110, true));
  EXPECT_NE(DnsLog().find("_pop3s._tcp.example.test"), std::string::npos) << DnsLog();
  EXPECT_NE(DnsLog().find("_pop3._tcp.example.test"), std::string::npos) << DnsLog();
  ExpectSameAsDebian("bob@example.test", run);
}

TEST_F(ConfigureTest, BothWithSeveralPrioritiesAndWeights) {
  zone_.srv = {
      {"_pop3._tcp.example.test", "plain.example.test", 110, 0, 100},
      {"_pop3s._tcp.example.test", "backup.example.test", 995, 20, 100},
      {"_pop3s._tcp.example.test", "light.example.test", 1995, 10, 1},
      {"_pop3s._tcp.example.test", "heavy.example.test", 2995, 10, 60},
      {"_pop3s._tcp.example.test", "medium.example.test", 3995, 10, 30},
  };
  RunResult run = Configure("carol@example.test");
  ASSERT_TRUE(run.ok()) << run.Describe() << DnsLog();
  EXPECT_EQ(run.out,
            Expected(home(), "carol@example.test", "carol", "heavy.example.test", 2995, false));
  ExpectSameAsDebian("carol@example.test", run);
}

TEST_F(ConfigureTest, Pop3sNotProvidedFallsBackToPop3) {
  // RFC 2782: target "." says the service is not provided at this domain.
  zone_.srv = {{"_pop3s._tcp.example.test", ".", 0, 0, 0},
               {"_pop3._tcp.example.test", "pop.example.test", 110, 5, 5}};
  RunResult run = Configure("dave@example.test");
  ASSERT_TRUE(run.ok()) << run.Describe() << DnsLog();
  EXPECT_EQ(run.out, Expected(home(), "dave@example.test", "dave", "pop.example.test", 110, true));
}

TEST_F(ConfigureTest, HostOutsideTheMailDomainIsFlagged) {
  zone_.srv = {{"_pop3s._tcp.example.test", "pop.provider.test", 995, 0, 0}};
  RunResult run = Configure("erin@example.test");
  ASSERT_TRUE(run.ok()) << run.Describe() << DnsLog();
  EXPECT_EQ(run.out, Expected(home(), "erin@example.test", "erin", "pop.provider.test", 995, false,
                              /*warning=*/true));
  ExpectSameAsDebian("erin@example.test", run);
}

TEST_F(ConfigureTest, IdnDomainIsLookedUpInAsciiForm) {
  zone_.srv = {{"_pop3s._tcp.xn--bcher-kva.test", "pop.xn--bcher-kva.test", 995, 0, 0}};
  RunResult run = Configure("jörg@bücher.test");
  ASSERT_TRUE(run.ok()) << run.Describe() << DnsLog();
  EXPECT_EQ(run.out,
            Expected(home(), "jörg@bücher.test", "jörg", "pop.xn--bcher-kva.test", 995, false));
  EXPECT_NE(DnsLog().find("_pop3s._tcp.xn--bcher-kva.test"), std::string::npos) << DnsLog();
}

TEST_F(ConfigureTest, DomainWithoutRecords) {
  zone_.srv = {{"_pop3s._tcp.example.test", "pop.example.test", 995, 0, 1}};
  RunResult run = Configure("frank@empty.test");
  EXPECT_EQ(run.exit_code, 68) << run.Describe();
  EXPECT_EQ(run.out, "");
  EXPECT_EQ(run.err,
            "mpop: automatic configuration based on SRV records failed: no SRV records for "
            "_pop3s._tcp.empty.test or _pop3._tcp.empty.test\n");
  ExpectSameAsDebian("frank@empty.test", run);
}

// No DNS server answers at all: that is a temporary failure, not "no SRV records"
// (upstream says the latter, which sends users hunting for a DNS mistake).
TEST_F(ConfigureTest, DnsServerDownIsATemporaryFailure) {
  NamespaceOptions ns{.work_dir = dir_.path().string(),
                      .new_network = true,
                      .resolv_conf = "nameserver 127.0.0.1\noptions timeout:1 attempts:1\n",
                      .hosts = std::nullopt,
                      .services = {}};
  Command command{.argv = {MPOP_BIN, "--configure=alice@example.test"},
                  .env = {{"HOME", home()}},
                  .unset_env = {"XDG_CONFIG_HOME"}};
  auto run = RunCommand(InPrivateNamespace(ns, command), {.timeout = std::chrono::seconds(60)});
  ASSERT_TRUE(run.has_value()) << run.error().message;
  EXPECT_EQ(run->exit_code, 75) << run->Describe();
  EXPECT_EQ(run->err,
            "mpop: automatic configuration based on SRV records failed: DNS lookup of "
            "_pop3s._tcp.example.test failed: temporary failure in name resolution\n");
}

TEST_F(ConfigureTest, BadAddressesNeverQueryDns) {
  for (const std::string address : {"frank", "@example.test", "frank@"}) {
    RunResult run = Configure(address);
    EXPECT_EQ(run.exit_code, 65) << address << ": " << run.Describe();
    EXPECT_EQ(run.err,
              "mpop: automatic configuration based on SRV records failed: invalid mail "
              "address\n")
        << address;
  }
  EXPECT_EQ(DnsLog().find("query["), std::string::npos) << DnsLog();
}

}  // namespace
}  // namespace mpop::testing
