#include "config/command_line.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include "config/setting_table.hpp"

namespace mpop::config {
namespace {

// Runs ParseCommandLine on {"mpop", args...} with writable copies of the strings, as main
// would get them.
Result<CommandLine> Parse(std::vector<std::string> args) {
  args.insert(args.begin(), "mpop");
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  return ParseCommandLine(static_cast<int>(args.size()), argv.data());
}

std::string Join(const std::vector<std::string>& args) {
  std::string joined;
  for (const std::string& arg : args) joined += (joined.empty() ? "" : " ") + arg;
  return joined;
}

// Tilde expansion reads $HOME; give every test the same one.
class CommandLineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* home = std::getenv("HOME");
    if (home != nullptr) saved_home_ = home;
    setenv("HOME", "/home/joe", 1);
  }
  void TearDown() override {
    if (saved_home_) {
      setenv("HOME", saved_home_->c_str(), 1);
    } else {
      unsetenv("HOME");
    }
  }

 private:
  std::optional<std::string> saved_home_;
};

TEST_F(CommandLineTest, NoArgumentsGiveDefaults) {
  Result<CommandLine> cl = Parse({});
  ASSERT_TRUE(cl) << cl.error().message;
  EXPECT_EQ(*cl, CommandLine());
  EXPECT_EQ(cl->jobs, kDefaultJobs);
  EXPECT_EQ(kDefaultJobs, 8);
  EXPECT_FALSE(cl->HostMode());
}

struct FlagCase {
  std::vector<std::string> args;
  std::function<void(CommandLine&)> expect;
};

TEST_F(CommandLineTest, ModeAndOutputFlags) {
  const FlagCase cases[] = {
      {{"--version"}, [](CommandLine& c) { c.version = true; }},
      {{"--help"}, [](CommandLine& c) { c.help = true; }},
      {{"-P"}, [](CommandLine& c) { c.pretend = true; }},
      {{"--pretend"}, [](CommandLine& c) { c.pretend = true; }},
      {{"-d"}, [](CommandLine& c) { c.debug = true; }},
      {{"--debug"}, [](CommandLine& c) { c.debug = true; }},
      {{"-q"}, [](CommandLine& c) { c.quiet = true; }},
      {{"--quiet"}, [](CommandLine& c) { c.quiet = true; }},
      {{"-Q"}, [](CommandLine& c) { c.half_quiet = true; }},
      {{"--half-quiet"}, [](CommandLine& c) { c.half_quiet = true; }},
      {{"-S"}, [](CommandLine& c) { c.serverinfo = true; }},
      {{"--serverinfo"}, [](CommandLine& c) { c.serverinfo = true; }},
      {{"-s"}, [](CommandLine& c) { c.status_only = true; }},
      {{"--status-only"}, [](CommandLine& c) { c.status_only = true; }},
      {{"-A"}, [](CommandLine& c) { c.auth_only = true; }},
      {{"--auth-only"}, [](CommandLine& c) { c.auth_only = true; }},
      {{"-a"}, [](CommandLine& c) { c.all_accounts = true; }},
      {{"--all-accounts"}, [](CommandLine& c) { c.all_accounts = true; }},
      {{"--configure=joe@example.org"},
       [](CommandLine& c) { c.configure_address = "joe@example.org"; }},
      {{"--configure", "joe@example.org"},
       [](CommandLine& c) { c.configure_address = "joe@example.org"; }},
      {{"-C", "rc"}, [](CommandLine& c) { c.config_file = "rc"; }},
      {{"-Crc"}, [](CommandLine& c) { c.config_file = "rc"; }},
      {{"--file=rc"}, [](CommandLine& c) { c.config_file = "rc"; }},
      {{"--file", "rc"}, [](CommandLine& c) { c.config_file = "rc"; }},
      {{"-j", "2"}, [](CommandLine& c) { c.jobs = 2; }},
      {{"-j7"}, [](CommandLine& c) { c.jobs = 7; }},
      {{"--jobs=64"}, [](CommandLine& c) { c.jobs = 64; }},
      {{"-qQ"}, [](CommandLine& c) { c.quiet = c.half_quiet = true; }},
      {{"-PdCrc"},
       [](CommandLine& c) {
         c.pretend = c.debug = true;
         c.config_file = "rc";
       }},
      // Unique prefixes of long options.
      {{"--ser"}, [](CommandLine& c) { c.serverinfo = true; }},
      {{"--pre"}, [](CommandLine& c) { c.pretend = true; }},
      {{"--all"}, [](CommandLine& c) { c.all_accounts = true; }},
      {{"--vers"}, [](CommandLine& c) { c.version = true; }},
  };
  for (const FlagCase& test : cases) {
    SCOPED_TRACE(Join(test.args));
    Result<CommandLine> cl = Parse(test.args);
    ASSERT_TRUE(cl) << cl.error().message;
    CommandLine expected;
    test.expect(expected);
    EXPECT_EQ(*cl, expected);
  }
}

struct SettingCase {
  std::vector<std::string> args;
  std::function<void(Account&)> expect;    // changes the fields; the test marks `settings`
  std::vector<std::string_view> settings;  // their mpoprc commands
};

TEST_F(CommandLineTest, EverySettingOption) {
  const std::string sha256 =
      "00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff:00:11:22:33:44:55:66:77:88:99:aa:bb:"
      "cc:dd:ee:ff";
  const std::string sha256_upper =
      "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:"
      "CC:DD:EE:FF";
  const SettingCase cases[] = {
      {{"--host=pop.example"}, [](Account& a) { a.host = "pop.example"; }, {"host"}},
      {{"--host", "pop.example"}, [](Account& a) { a.host = "pop.example"; }, {"host"}},
      {{"--port=995"}, [](Account& a) { a.port = 995; }, {"port"}},
      {{"--port", "995"}, [](Account& a) { a.port = 995; }, {"port"}},
      {{"--port=0x10"}, [](Account& a) { a.port = 16; }, {"port"}},
      {{"--source-ip=10.0.0.1"}, [](Account& a) { a.source_ip = "10.0.0.1"; }, {"source_ip"}},
      {{"--source-ip="}, [](Account&) {}, {"source_ip"}},
      {{"--proxy-host=socks"}, [](Account& a) { a.proxy_host = "socks"; }, {"proxy_host"}},
      {{"--proxy-host="}, [](Account&) {}, {"proxy_host"}},
      {{"--proxy-port=9050"}, [](Account& a) { a.proxy_port = 9050; }, {"proxy_port"}},
      {{"--proxy-port="}, [](Account& a) { a.proxy_port = 0; }, {"proxy_port"}},
      {{"--socket=/run/pop"}, [](Account& a) { a.socket = "/run/pop"; }, {"socket"}},
      {{"--socket="}, [](Account&) {}, {"socket"}},
      {{"--timeout=off"}, [](Account& a) { a.timeout_seconds = 0; }, {"timeout"}},
      {{"--timeout=30"}, [](Account& a) { a.timeout_seconds = 30; }, {"timeout"}},
      {{"--pipelining=on"}, [](Account& a) { a.pipelining = Pipelining::kOn; }, {"pipelining"}},
      {{"--pipelining=off"}, [](Account& a) { a.pipelining = Pipelining::kOff; }, {"pipelining"}},
      {{"--pipelining=auto"}, [](Account& a) { a.pipelining = Pipelining::kAuto; }, {"pipelining"}},
      {{"--received-header"}, [](Account& a) { a.received_header = true; }, {"received_header"}},
      {{"--received-header=off"},
       [](Account& a) { a.received_header = false; },
       {"received_header"}},
      {{"--auth"}, [](Account& a) { a.auth = ""; }, {"auth"}},
      {{"--auth=on"}, [](Account& a) { a.auth = ""; }, {"auth"}},
      {{"--auth="}, [](Account& a) { a.auth = ""; }, {"auth"}},
      {{"--auth=plain"}, [](Account& a) { a.auth = "PLAIN"; }, {"auth"}},
      {{"--auth=scram-sha-256-plus"}, [](Account& a) { a.auth = "SCRAM-SHA-256-PLUS"; }, {"auth"}},
      {{"--user=joe"}, [](Account& a) { a.user = "joe"; }, {"user"}},
      {{"--user="}, [](Account&) {}, {"user"}},
      {{"--passwordeval=pass show pop"},
       [](Account& a) { a.password_eval = "pass show pop"; },
       {"passwordeval"}},
      {{"--passwordeval="}, [](Account&) {}, {"passwordeval"}},
      {{"--tls"}, [](Account& a) { a.tls = true; }, {"tls"}},
      {{"--tls=on"}, [](Account& a) { a.tls = true; }, {"tls"}},
      {{"--tls=off"}, [](Account& a) { a.tls = false; }, {"tls"}},
      {{"--tls-starttls=off"}, [](Account& a) { a.tls_starttls = false; }, {"tls_starttls"}},
      {{"--tls-starttls"}, [](Account& a) { a.tls_starttls = true; }, {"tls_starttls"}},
      {{"--tls-trust-file=/etc/ca.pem"},
       [](Account& a) { a.tls_trust_file = "/etc/ca.pem"; },
       {"tls_trust_file"}},
      {{"--tls-trust-file=~/ca.pem"},
       [](Account& a) { a.tls_trust_file = "/home/joe/ca.pem"; },
       {"tls_trust_file"}},
      {{"--tls-trust-file=system"},
       [](Account& a) { a.tls_trust_file = "system"; },
       {"tls_trust_file"}},
      // Empty: set, to "no trust file" (not back to the default "system").
      {{"--tls-trust-file="}, [](Account& a) { a.tls_trust_file = ""; }, {"tls_trust_file"}},
      {{"--tls-crl-file=~/crl"},
       [](Account& a) { a.tls_crl_file = "/home/joe/crl"; },
       {"tls_crl_file"}},
      {{"--tls-crl-file="}, [](Account&) {}, {"tls_crl_file"}},
      {{"--tls-fingerprint=" + sha256},
       [&](Account& a) { a.tls_fingerprint = sha256_upper; },
       {"tls_fingerprint"}},
      {{"--tls-fingerprint="}, [](Account&) {}, {"tls_fingerprint"}},
      {{"--tls-certcheck=off"}, [](Account& a) { a.tls_certcheck = false; }, {"tls_certcheck"}},
      {{"--tls-key-file=~/key.pem"},
       [](Account& a) { a.tls_key_file = "/home/joe/key.pem"; },
       {"tls_key_file"}},
      {{"--tls-key-file="}, [](Account&) {}, {"tls_key_file"}},
      {{"--tls-cert-file=/c.pem"},
       [](Account& a) { a.tls_cert_file = "/c.pem"; },
       {"tls_cert_file"}},
      {{"--tls-cert-file="}, [](Account&) {}, {"tls_cert_file"}},
      {{"--tls-priorities=NORMAL:-VERS-TLS1.2"},
       [](Account& a) { a.tls_priorities = "NORMAL:-VERS-TLS1.2"; },
       {"tls_priorities"}},
      {{"--tls-priorities="}, [](Account&) {}, {"tls_priorities"}},
      {{"--tls-host-override=pop.example"},
       [](Account& a) { a.tls_host_override = "pop.example"; },
       {"tls_host_override"}},
      {{"--tls-host-override="}, [](Account&) {}, {"tls_host_override"}},
      {{"--tls-min-dh-prime-bits=512"},
       [](Account& a) { a.tls_min_dh_prime_bits = 512; },
       {"tls_min_dh_prime_bits"}},
      {{"--tls-min-dh-prime-bits="},
       [](Account& a) { a.tls_min_dh_prime_bits = -1; },
       {"tls_min_dh_prime_bits"}},
      {{"--tls-force-sslv3"}, [](Account&) {}, {}},
      {{"--tls-force-sslv3=on"}, [](Account&) {}, {}},
      {{"-n"}, [](Account& a) { a.only_new = true; }, {"only_new"}},
      {{"-noff"}, [](Account& a) { a.only_new = false; }, {"only_new"}},
      {{"--only-new=off"}, [](Account& a) { a.only_new = false; }, {"only_new"}},
      {{"--only-new"}, [](Account& a) { a.only_new = true; }, {"only_new"}},
      {{"-k"}, [](Account& a) { a.keep_seconds = kKeepForever; }, {"keep"}},
      {{"--keep"}, [](Account& a) { a.keep_seconds = kKeepForever; }, {"keep"}},
      {{"--keep=on"}, [](Account& a) { a.keep_seconds = kKeepForever; }, {"keep"}},
      {{"-koff"}, [](Account& a) { a.keep_seconds = 0; }, {"keep"}},
      {{"--keep=1d"}, [](Account& a) { a.keep_seconds = 86400; }, {"keep"}},
      {{"-k1d12h"}, [](Account& a) { a.keep_seconds = 129600; }, {"keep"}},
      {{"--killsize=off"}, [](Account& a) { a.killsize = -1; }, {"killsize"}},
      {{"--killsize=10k"}, [](Account& a) { a.killsize = 10240; }, {"killsize"}},
      {{"--killsize=0"}, [](Account& a) { a.killsize = 0; }, {"killsize"}},
      {{"--skipsize=2m"}, [](Account& a) { a.skipsize = 2097152; }, {"skipsize"}},
      {{"--skipsize=off"}, [](Account& a) { a.skipsize = -1; }, {"skipsize"}},
      {{"--filter=spamc -c"}, [](Account& a) { a.filter = "spamc -c"; }, {"filter"}},
      {{"--filter="}, [](Account&) {}, {"filter"}},
      {{"--delivery=mbox,~/Mail/inbox"},
       [](Account& a) {
         a.delivery = {delivery::FindDeliveryKind("mbox"), "/home/joe/Mail/inbox"};
       },
       {"delivery"}},
      {{"--delivery=maildir,/var/mail/joe"},
       [](Account& a) {
         a.delivery = {delivery::FindDeliveryKind("maildir"), "/var/mail/joe"};
       },
       {"delivery"}},
      {{"--delivery=exchange,~/pickup"},
       [](Account& a) {
         a.delivery = {delivery::FindDeliveryKind("exchange"), "/home/joe/pickup"};
       },
       {"delivery"}},
      // Only the first comma separates; the MDA command keeps its own commas and ~.
      {{"--delivery=mda,procmail -f '%F' -a x,y ~/p"},
       [](Account& a) {
         a.delivery = {delivery::FindDeliveryKind("mda"), "procmail -f '%F' -a x,y ~/p"};
       },
       {"delivery"}},
      {{"--uidls-file=~/.local/share/%U_at_%H"},
       [](Account& a) { a.uidls_file = "/home/joe/.local/share/%U_at_%H"; },
       {"uidls_file"}},
      // Unique prefixes.
      {{"--tls-s=off"}, [](Account& a) { a.tls_starttls = false; }, {"tls_starttls"}},
      {{"--tls-certc=off"}, [](Account& a) { a.tls_certcheck = false; }, {"tls_certcheck"}},
      {{"--deliv=mbox,/m"},
       [](Account& a) {
         a.delivery = {delivery::FindDeliveryKind("mbox"), "/m"};
       },
       {"delivery"}},
      {{"--ho=h"}, [](Account& a) { a.host = "h"; }, {"host"}},
      // The last of a repeated option wins.
      {{"--user=a", "--user=b"}, [](Account& a) { a.user = "b"; }, {"user"}},
      {{"--user=a", "--user="}, [](Account&) {}, {"user"}},
  };
  for (const SettingCase& test : cases) {
    SCOPED_TRACE(Join(test.args));
    Result<CommandLine> cl = Parse(test.args);
    ASSERT_TRUE(cl) << cl.error().message;
    Account expected;
    test.expect(expected);
    for (std::string_view name : test.settings) MarkSet(*FindSettingCommand(name), expected);
    EXPECT_EQ(cl->overrides, expected);
    EXPECT_TRUE(cl->accounts.empty());
  }
}

TEST_F(CommandLineTest, AccountNamesKeepTheirOrderAmongOptions) {
  Result<CommandLine> cl = Parse({"isp", "-P", "freemail", "--tls", "default", "--port", "995"});
  ASSERT_TRUE(cl) << cl.error().message;
  EXPECT_EQ(cl->accounts, (std::vector<std::string>{"isp", "freemail", "default"}));
  EXPECT_TRUE(cl->pretend);
  EXPECT_TRUE(cl->overrides.tls);
  EXPECT_EQ(cl->overrides.port, 995);
}

TEST_F(CommandLineTest, OptionalArgumentsAreNeverTheNextWord) {
  struct Case {
    std::vector<std::string> args;
    std::vector<std::string> accounts;
  } cases[] = {
      {{"--tls", "account1"}, {"account1"}},
      {{"--tls", "off"}, {"off"}},
      {{"-n", "off"}, {"off"}},
      {{"-k", "1d"}, {"1d"}},
      {{"--keep", "off", "x"}, {"off", "x"}},
      {{"--auth", "plain"}, {"plain"}},
  };
  for (const Case& test : cases) {
    SCOPED_TRACE(Join(test.args));
    Result<CommandLine> cl = Parse(test.args);
    ASSERT_TRUE(cl) << cl.error().message;
    EXPECT_EQ(cl->accounts, test.accounts);
  }
  Result<CommandLine> cl = Parse({"--tls", "account1"});
  ASSERT_TRUE(cl);
  EXPECT_TRUE(cl->overrides.tls);
  EXPECT_TRUE(cl->overrides.IsSet(&Account::tls));
}

TEST_F(CommandLineTest, DoubleDashEndsOptions) {
  Result<CommandLine> cl = Parse({"-s", "--", "-P", "--tls", "x"});
  ASSERT_TRUE(cl) << cl.error().message;
  EXPECT_EQ(cl->accounts, (std::vector<std::string>{"-P", "--tls", "x"}));
  EXPECT_FALSE(cl->pretend);
  EXPECT_TRUE(cl->status_only);
  EXPECT_FALSE(cl->overrides.IsSet(&Account::tls));
}

TEST_F(CommandLineTest, PosixlyCorrectDoesNotStopPermutation) {
  setenv("POSIXLY_CORRECT", "1", 1);
  Result<CommandLine> cl = Parse({"isp", "-P"});
  unsetenv("POSIXLY_CORRECT");
  ASSERT_TRUE(cl) << cl.error().message;
  EXPECT_EQ(cl->accounts, (std::vector<std::string>{"isp"}));
  EXPECT_TRUE(cl->pretend);
}

struct ErrorCase {
  std::vector<std::string> args;
  std::string message;
};

TEST_F(CommandLineTest, GetoptErrors) {
  const ErrorCase cases[] = {
      {{"--bogus"}, "unrecognized option '--bogus'"},
      {{"--bogus=3"}, "unrecognized option '--bogus=3'"},
      {{"-x"}, "invalid option -- 'x'"},
      {{"-qx"}, "invalid option -- 'x'"},
      {{"-h"}, "invalid option -- 'h'"},
      {{"--port"}, "option '--port' requires an argument"},
      // Not "--po": that is also "--poll" now.
      {{"--por"}, "option '--port' requires an argument"},
      {{"--configure"}, "option '--configure' requires an argument"},
      {{"-C"}, "option requires an argument -- 'C'"},
      {{"-qC"}, "option requires an argument -- 'C'"},
      {{"--file"}, "option '--file' requires an argument"},
      {{"-j"}, "option requires an argument -- 'j'"},
      {{"--help=4"}, "option '--help' doesn't allow an argument"},
      {{"--pretend=yes"}, "option '--pretend' doesn't allow an argument"},
      {{"--quiet=1"}, "option '--quiet' doesn't allow an argument"},
      {{"--t"},
       "option '--t' is ambiguous; possibilities: '--timeout' '--tls' '--tls-starttls' "
       "'--tls-trust-file' '--tls-crl-file' '--tls-fingerprint' '--tls-key-file' "
       "'--tls-cert-file' '--tls-certcheck' '--tls-min-dh-prime-bits' '--tls-priorities' "
       "'--tls-host-override' '--tls-force-sslv3'"},
      {{"--tls-c=off"},
       "option '--tls-c' is ambiguous; possibilities: '--tls-crl-file' '--tls-cert-file' "
       "'--tls-certcheck'"},
      {{"--s"},
       "option '--s' is ambiguous; possibilities: '--serverinfo' '--source-ip' '--socket' "
       "'--status-only' '--skipsize' '--syslog'"},
      {{"isp", "--nope", "other"}, "unrecognized option '--nope'"},
  };
  for (const ErrorCase& test : cases) {
    SCOPED_TRACE(Join(test.args));
    Result<CommandLine> cl = Parse(test.args);
    ASSERT_FALSE(cl);
    EXPECT_EQ(cl.error().code, ExitCode::kUsage);
    EXPECT_EQ(cl.error().message, test.message);
  }
}

TEST_F(CommandLineTest, InvalidArguments) {
  const ErrorCase cases[] = {
      {{"--port=abc"}, "invalid argument abc for --port"},
      {{"--port=0"}, "invalid argument 0 for --port"},
      {{"--port=65536"}, "invalid argument 65536 for --port"},
      {{"--port="}, "invalid argument  for --port"},
      {{"--proxy-port=x"}, "invalid argument x for --proxy-port"},
      {{"--timeout=0"}, "invalid argument 0 for --timeout"},
      {{"--timeout=x"}, "invalid argument x for --timeout"},
      {{"--timeout=-1"}, "invalid argument -1 for --timeout"},
      {{"--pipelining=x"}, "invalid argument x for --pipelining"},
      {{"--pipelining="}, "invalid argument  for --pipelining"},
      {{"--received-header=x"}, "invalid argument x for --received-header"},
      {{"--auth=PLAIN"}, "invalid argument PLAIN for --auth"},
      {{"--auth=foo"}, "invalid argument foo for --auth"},
      {{"--tls="}, "invalid argument  for --tls"},
      {{"--tls=yes"}, "invalid argument yes for --tls"},
      {{"--tls-starttls=ON"}, "invalid argument ON for --tls-starttls"},
      {{"--tls-certcheck=0"}, "invalid argument 0 for --tls-certcheck"},
      {{"--tls-fingerprint=aa:bb"}, "invalid argument aa:bb for --tls-fingerprint"},
      {{"--tls-min-dh-prime-bits=x"}, "invalid argument x for --tls-min-dh-prime-bits"},
      {{"--tls-min-dh-prime-bits=0"}, "invalid argument 0 for --tls-min-dh-prime-bits"},
      {{"--only-new=x"}, "invalid argument x for --only-new"},
      {{"--only-new="}, "invalid argument  for --only-new"},
      {{"-nx"}, "invalid argument x for --only-new"},
      {{"--keep=maybe"}, "invalid argument maybe for --keep"},
      {{"-kmaybe"}, "invalid argument maybe for --keep"},
      {{"--keep="}, "invalid argument  for --keep"},
      {{"--keep=3600"}, "invalid argument 3600 for --keep"},
      {{"--killsize=x"},
       "invalid argument x for --killsize; "
       "--killsize takes off or a number of bytes, optionally followed by k (KiB) or m (MiB), such "
       "as 10k"},
      {{"--killsize=1K"},
       "invalid argument 1K for --killsize; "
       "--killsize takes off or a number of bytes, optionally followed by k (KiB) or m (MiB), such "
       "as 10k"},
      {{"--killsize=-1"},
       "invalid argument -1 for --killsize; "
       "--killsize takes off or a number of bytes, optionally followed by k (KiB) or m (MiB), such "
       "as 10k"},
      {{"--skipsize="},
       "invalid argument  for --skipsize; "
       "--skipsize takes off or a number of bytes, optionally followed by k (KiB) or m (MiB), such "
       "as 10k"},
      {{"--delivery=foo"}, "invalid argument foo for --delivery"},
      {{"--delivery=mbox"}, "invalid argument mbox for --delivery"},
      {{"--delivery=MBOX,x"}, "invalid argument MBOX,x for --delivery"},
      {{"--delivery=mbox,"}, "invalid argument mbox, for --delivery"},
      {{"--delivery=smtp,x"}, "invalid argument smtp,x for --delivery"},
      {{"--host="}, "invalid argument  for --host"},
      {{"--uidls-file="}, "invalid argument  for --uidls-file"},
      {{"--jobs=0"}, "invalid argument 0 for --jobs"},
      {{"--jobs=65"}, "invalid argument 65 for --jobs"},
      {{"-j", "x"}, "invalid argument x for --jobs"},
      {{"-j3x"}, "invalid argument 3x for --jobs"},
  };
  for (const ErrorCase& test : cases) {
    SCOPED_TRACE(Join(test.args));
    Result<CommandLine> cl = Parse(test.args);
    ASSERT_FALSE(cl);
    EXPECT_EQ(cl.error().code, ExitCode::kUsage);
    EXPECT_EQ(cl.error().message, test.message);
  }
}

TEST_F(CommandLineTest, BadCombinations) {
  const ErrorCase cases[] = {
      {{"-S", "-s"}, "cannot use both --serverinfo and --status-only"},
      {{"-s", "-A"}, "cannot use both --status-only and --auth-only"},
      {{"-A", "-S"}, "cannot use both --serverinfo and --auth-only"},
      {{"--configure=a@b", "-S"}, "cannot use both --serverinfo and --configure"},
      {{"--mda", "--delivery=mbox,/m", "-s"}, "cannot use both --status-only and --mda"},
      {{"-a", "isp"}, "cannot use both --all-accounts and a list of accounts"},
      {{"isp", "--all-accounts"}, "cannot use both --all-accounts and a list of accounts"},
      {{"--host=h", "isp"}, "cannot use both --host and accounts"},
      {{"--host=h", "-a"}, "cannot use both --host and accounts"},
      {{"--host=h", "-a", "isp"}, "cannot use both --host and accounts"},
      {{"--configure=a@b", "isp"}, "cannot use both --configure and accounts"},
      {{"--configure=a@b", "-a"}, "cannot use both --configure and accounts"},
      {{"--mda"}, "--mda requires --delivery"},
      {{"--mda", "joe@example.org"}, "--mda requires --delivery"},
      {{"--mda", "--delivery=mbox,/m", "a", "b"},
       "--mda takes at most one argument (the envelope sender), not 2"},
      {{"--mda", "--delivery=mbox,/m", "-a"}, "cannot use both --mda and --all-accounts"},
      {{"--mda", "--delivery=mbox,/m", "--host=h"}, "cannot use both --mda and --host"},
      {{"--mark-seen", "--dry-run"}, "cannot use both --mark-seen and --dry-run"},
      {{"--dry-run", "-s"}, "cannot use both --status-only and --dry-run"},
      {{"--import-uidls=f", "--mark-seen"}, "cannot use both --import-uidls and --mark-seen"},
      {{"--accept-new", "--mark-seen"}, "cannot use both --accept-new and --mark-seen"},
      {{"--accept-new", "-S"}, "cannot use both --accept-new and --serverinfo"},
  };
  for (const ErrorCase& test : cases) {
    SCOPED_TRACE(Join(test.args));
    Result<CommandLine> cl = Parse(test.args);
    ASSERT_FALSE(cl);
    EXPECT_EQ(cl.error().code, ExitCode::kUsage);
    EXPECT_EQ(cl.error().message, test.message);
  }
}

TEST_F(CommandLineTest, SafetyNetOptions) {
  Result<CommandLine> cl = Parse({"--dry-run", "--accept-new", "isp"});
  ASSERT_TRUE(cl) << cl.error().message;
  EXPECT_TRUE(cl->dry_run);
  EXPECT_TRUE(cl->accept_new);
  cl = Parse({"--import-uidls", "/home/joe/.fetchids", "-a"});
  ASSERT_TRUE(cl) << cl.error().message;
  EXPECT_EQ(cl->import_uidls, "/home/joe/.fetchids");
  cl = Parse({"--mark-seen", "--redownload-limit=off"});
  ASSERT_TRUE(cl) << cl.error().message;
  EXPECT_TRUE(cl->mark_seen);
  EXPECT_EQ(cl->overrides.redownload_limit, -1);
}

TEST_F(CommandLineTest, HelpAndVersionSkipCombinationChecks) {
  Result<CommandLine> cl = Parse({"--help", "-a", "isp", "-S", "-s"});
  ASSERT_TRUE(cl) << cl.error().message;
  EXPECT_TRUE(cl->help);
  cl = Parse({"--host=h", "isp", "--version"});
  ASSERT_TRUE(cl) << cl.error().message;
  EXPECT_TRUE(cl->version);
}

TEST_F(CommandLineTest, HostMode) {
  Result<CommandLine> cl = Parse({"--host=pop.example", "--serverinfo", "--tls"});
  ASSERT_TRUE(cl) << cl.error().message;
  EXPECT_TRUE(cl->HostMode());
  EXPECT_TRUE(cl->serverinfo);
  EXPECT_TRUE(cl->accounts.empty());
}

TEST_F(CommandLineTest, MdaTakesTheSenderAsItsArgument) {
  Result<CommandLine> cl = Parse({"--mda", "--delivery=maildir,~/md", "joe@example.org"});
  ASSERT_TRUE(cl) << cl.error().message;
  EXPECT_TRUE(cl->mda);
  EXPECT_EQ(cl->mda_from, "joe@example.org");
  EXPECT_TRUE(cl->accounts.empty());
  EXPECT_EQ(cl->overrides.delivery,
            (Delivery{delivery::FindDeliveryKind("maildir"), "/home/joe/md"}));
  cl = Parse({"--mda", "--delivery=mbox,/m"});
  ASSERT_TRUE(cl) << cl.error().message;
  EXPECT_EQ(cl->mda_from, std::nullopt);
}

// getopt keeps state in globals; an error in the middle of "-qxP" must not leak into the
// next parse.
TEST_F(CommandLineTest, RepeatedCallsStartFresh) {
  ASSERT_FALSE(Parse({"-qxP", "isp"}));
  ASSERT_FALSE(Parse({"--port"}));
  Result<CommandLine> cl = Parse({"-s", "other"});
  ASSERT_TRUE(cl) << cl.error().message;
  CommandLine expected;
  expected.status_only = true;
  expected.accounts = {"other"};
  EXPECT_EQ(*cl, expected);
  for (int i = 0; i < 3; ++i) {
    cl = Parse({"-Pkoff", "a"});
    ASSERT_TRUE(cl) << cl.error().message;
    EXPECT_TRUE(cl->pretend);
    EXPECT_EQ(cl->overrides.keep_seconds, 0);
    EXPECT_EQ(cl->accounts, std::vector<std::string>{"a"});
  }
}

}  // namespace
}  // namespace mpop::config
