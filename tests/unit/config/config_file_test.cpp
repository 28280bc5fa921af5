// The mpoprc parser (config/config_file.hpp). Error texts and exit codes were checked
// against Debian's mpop 1.4.18 (`mpop -C FILE --pretend`); where ours differ on purpose
// (suggestions for unknown commands, line numbers for long lines and failed evals, newer
// 1.4.23 syntax) the case says so.

#include "config/config_file.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "config/setting_table.hpp"
#include "scoped_env.hpp"
#include "support/temp_dir.hpp"

namespace mpop::config {
namespace {

using testing::ScopedEnv;
using namespace std::literals;

// A pure stand-in for /bin/sh: "echo X" prints X, "fail" fails like a command that prints
// nothing.
Result<std::string> FakeEval(std::string_view command) {
  if (command.substr(0, 5) == "echo ") return std::string(command.substr(5));
  if (command == "echo") return std::string();
  return Error::IoErr("cannot read output of '" + std::string(command) + "'");
}

Result<ConfigFile> Parse(std::string_view text) {
  return ParseConfig(text, "test.rc", ParseOptions{FakeEval});
}

// Parses text that must be valid and returns its only (or named) account.
Account ParseAccount(std::string_view text, std::string_view name = "a") {
  Result<ConfigFile> file = Parse(text);
  EXPECT_TRUE(file.has_value()) << file.error().message;
  if (!file) return {};
  const Account* account = FindAccount(*file, name);
  EXPECT_NE(account, nullptr) << name;
  return account ? *account : Account{};
}

struct BrokenCase {
  std::string text;
  std::string message;
  ExitCode code = ExitCode::kConfig;
};

TEST(ConfigFileTest, BrokenConfigs) {
  const std::string long_host(495, 'h');  // "host " + 495 = 500 characters
  const BrokenCase cases[] = {
      // Structure.
      {"host x\n", "test.rc: line 1: first command must be account or defaults"},
      {"hots x\n", "test.rc: line 1: first command must be account or defaults"},
      {"# c\n\nport 1\n", "test.rc: line 3: first command must be account or defaults"},
      {"defaults x\n", "test.rc: line 1: command defaults does not take an argument"},
      {"account\n", "test.rc: line 1: missing account name"},
      {"account \"\"\n", "test.rc: line 1: missing account name"},
      {"account : a\n", "test.rc: line 1: missing account name"},
      {"account a\naccount a\n", "test.rc: line 2: account a was already defined"},
      {"account a\naccount b : c\n", "test.rc: line 2: account c not (yet) defined"},
      {"account a\naccount b : b\n", "test.rc: line 2: account b not (yet) defined"},
      {"account a\naccount b : a,,a\n", "test.rc: line 2: missing account name"},
      {"account a\naccount b :\n", "test.rc: line 2: missing account name"},
      {"account a\naccount b : a,\n", "test.rc: line 2: missing account name"},
      {"account a,b\n", "test.rc: line 1: an account name must not contain colons or commas"},
      {"account a:b\n", "test.rc: line 1: account b not (yet) defined"},
      {"account a : b : c\n", "test.rc: line 1: account b : c not (yet) defined"},
      // Unknown commands; the suggestion is ours (upstream: "unknown command hots").
      {"account a\nhots x\n", "test.rc: line 2: unknown command hots (did you mean 'host'?)"},
      {"account a\nHost x\n", "test.rc: line 2: unknown command Host (did you mean 'host'?)"},
      {"account a\ntls_trustfile x\n",
       "test.rc: line 2: unknown command tls_trustfile (did you mean 'tls_trust_file'?)"},
      {"account a\nacount b\n",
       "test.rc: line 2: unknown command acount (did you mean 'account'?)"},
      {"account a\nssl on\n", "test.rc: line 2: unknown command ssl"},
      {"account a\ntls_nocertcheck\n",
       "test.rc: line 2: unknown command tls_nocertcheck (did you mean 'tls_certcheck'?)"},
      {"account a\nhost x\n\vtls\n", "test.rc: line 3: unknown command ?tls (did you mean 'tls'?)"},
      {"account a\nntlm_domain x\n",
       "test.rc: line 2: unknown command ntlm_domain (did you mean 'ntlmdomain'?)"},
      // Missing arguments.
      {"account a\nhost\n", "test.rc: line 2: command host needs an argument"},
      {"account a\nhost \"\"\n", "test.rc: line 2: command host needs an argument"},
      {"account a\nport\n", "test.rc: line 2: command port needs an argument"},
      {"account a\ntimeout\n", "test.rc: line 2: command timeout needs an argument"},
      {"account a\ndelivery\n", "test.rc: line 2: command delivery needs an argument"},
      {"account a\nuidls_file\n", "test.rc: line 2: command uidls_file needs an argument"},
      {"account a\nkillsize\n", "test.rc: line 2: command killsize needs an argument"},
      {"account a\nskipsize\n", "test.rc: line 2: command skipsize needs an argument"},
      {"account a\neval\n", "test.rc: line 2: command eval needs an argument"},
      // Bad numbers.
      {"account a\nport 0\n", "test.rc: line 2: invalid argument 0 for command port"},
      {"account a\nport 65536\n", "test.rc: line 2: invalid argument 65536 for command port"},
      {"account a\nport 12x\n", "test.rc: line 2: invalid argument 12x for command port"},
      {"account a\nport -1\n", "test.rc: line 2: invalid argument -1 for command port"},
      {"account a\nport 1\x01\n", "test.rc: line 2: invalid argument 1? for command port"},
      {"account a\nproxy_port 0\n", "test.rc: line 2: invalid argument 0 for command proxy_port"},
      {"account a\ntimeout 0\n", "test.rc: line 2: invalid argument 0 for command timeout"},
      {"account a\ntimeout abc\n", "test.rc: line 2: invalid argument abc for command timeout"},
      {"account a\ntimeout 2147483648\n",
       "test.rc: line 2: invalid argument 2147483648 for command timeout"},
      {"account a\ntls_min_dh_prime_bits 0\n",
       "test.rc: line 2: invalid argument 0 for command tls_min_dh_prime_bits"},
      // Bad sizes, in upstream's own wording, and what a size looks like (issue 15).
      {"account a\nkillsize 1g\n",
       "test.rc: line 2: invalid size (not a number or out of range): 1g; "
       "killsize takes off or a number of bytes, optionally followed by k (KiB) or m (MiB), such "
       "as 10k"},
      {"account a\nkillsize -1\n",
       "test.rc: line 2: invalid size (not a number or out of range): -1; "
       "killsize takes off or a number of bytes, optionally followed by k (KiB) or m (MiB), such "
       "as 10k"},
      {"account a\nskipsize 1K\n",
       "test.rc: line 2: invalid size (not a number or out of range): 1K; "
       "skipsize takes off or a number of bytes, optionally followed by k (KiB) or m (MiB), such "
       "as 10k"},
      {"account a\nskipsize 9223372036854775808\n",
       "test.rc: line 2: invalid size (not a number or out of range): 9223372036854775808; "
       "skipsize takes off or a number of bytes, optionally followed by k (KiB) or m (MiB), such "
       "as 10k"},
      // Bad durations and switches.
      {"account a\nkeep 3\n", "test.rc: line 2: invalid argument 3 for command keep"},
      {"account a\nkeep 1d \"\"\n", "test.rc: line 2: invalid argument 1d \"\" for command keep"},
      {"account a\nkeep 1w\n", "test.rc: line 2: invalid argument 1w for command keep"},
      {"account a\ntls yes\n", "test.rc: line 2: invalid argument yes for command tls"},
      {"account a\nonly_new ON\n", "test.rc: line 2: invalid argument ON for command only_new"},
      {"account a\npipelining maybe\n",
       "test.rc: line 2: invalid argument maybe for command pipelining"},
      {"account a\nauth PLAIN\n", "test.rc: line 2: invalid argument PLAIN for command auth"},
      {"account a\nauth foo\n", "test.rc: line 2: invalid argument foo for command auth"},
      {"account a\ntls_fingerprint 00:11\n",
       "test.rc: line 2: invalid argument 00:11 for command tls_fingerprint"},
      // Bad delivery.
      {"account a\ndelivery foo bar\n",
       "test.rc: line 2: invalid argument foo bar for command delivery"},
      {"account a\ndelivery mbox\n",
       "test.rc: line 2: delivery mbox needs a file, such as: delivery mbox ~/mbox"},
      {"account a\ndelivery MDA x\n",
       "test.rc: line 2: invalid argument MDA x for command delivery"},
      {"account a\ndelivery mda\"\"\n",
       "test.rc: line 2: invalid argument mda\"\" for command delivery"},
      {"account a\ndelivery \" mbox x\"\n",
       "test.rc: line 2: invalid argument  mbox x for command delivery"},
      // Upstream accepts an empty delivery argument; an empty MDA command loses mail.
      {"account a\ndelivery mbox \"\"\n",
       "test.rc: line 2: delivery mbox needs a file, such as: delivery mbox ~/mbox"},
      // Line length: upstream names no line; we do.
      {"account a\nhost " + long_host + "\n", "test.rc: line 2: line longer than 500 characters"},
      {"account a\nhost " + long_host, "test.rc: line 2: line longer than 500 characters"},
      {"account a\nhost " + long_host.substr(1) + "\r\n",
       "test.rc: line 2: line longer than 500 characters"},
      {"account a\neval echo host " + long_host + "\n",
       "test.rc: line 2: line longer than 500 characters"},
      // eval: failures are input errors (upstream: "FILE: cannot read output of 'CMD'").
      {"account a\neval fail\n", "test.rc: line 2: cannot read output of 'fail'", ExitCode::kIoErr},
      {"account a\neval echo eval echo host y\n", "test.rc: line 2: unknown command eval"},
      {"account a\neval echo hots q\n",
       "test.rc: line 2: unknown command hots (did you mean 'host'?)"},
      {"eval echo defaults x\n", "test.rc: line 1: command defaults does not take an argument"},
  };
  static_assert(std::size(cases) >= 40);
  for (const BrokenCase& c : cases) {
    Result<ConfigFile> file = Parse(c.text);
    ASSERT_FALSE(file.has_value()) << c.text;
    EXPECT_EQ(file.error().message, c.message) << c.text;
    EXPECT_EQ(file.error().code, c.code) << c.text;
  }
}

TEST(ConfigFileTest, EveryCommandIsStored) {
  ScopedEnv home("HOME", "/home/joe");
  Account a = ParseAccount(
      "account a\n"
      "host pop.example\n"
      "port 995\n"
      "source_ip 10.0.0.1\n"
      "proxy_host 127.0.0.1\n"
      "proxy_port 9050\n"
      "socket /run/pop\n"
      "timeout 30\n"
      "pipelining off\n"
      "auth cram-md5\n"
      "user \"joe smith\"\n"
      "password   \"x y\"  \n"
      "passwordeval pass show pop\n"
      "ntlmdomain DOM\n"
      "tls\n"
      "tls_starttls off\n"
      "tls_trust_file ~/ca.pem\n"
      "tls_crl_file ~/crl.pem\n"
      "tls_fingerprint aa:bb:cc:dd:ee:ff:00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd\n"
      "tls_key_file ~/k.pem\n"
      "tls_cert_file ~/c.pem\n"
      "tls_certcheck off\n"
      "tls_priorities NORMAL:-VERS-TLS1.0\n"
      "tls_host_override other.example\n"
      "tls_min_dh_prime_bits 512\n"
      "tls_force_sslv3 on\n"
      "delivery maildir ~/Maildir\n"
      "uidls_file ~/u/%U_at_%H\n"
      "only_new off\n"
      "keep 1d12h\n"
      "killsize 10k\n"
      "skipsize 2m\n"
      "filter spamc -c\n"
      "received_header off\n"
      "command_timeout 60\n"
      "redownload_limit 800\n"
      "poll_interval 1h30m\n"
      "oauth2_issuer https://login.example\n"
      "oauth2_client_id app-1\n"
      "oauth2_client_secret not-so-secret\n"
      "oauth2_scope mail offline_access\n"
      "oauth2_flow browser\n"
      "oauth2_trust_file ~/ca.pem\n"
      "logfile ~/mpop.log\n"
      "syslog log_local3\n");
  Account expected;
  expected.name = "a";
  expected.config_file = "test.rc";
  expected.host = "pop.example";
  expected.port = 995;
  expected.source_ip = "10.0.0.1";
  expected.proxy_host = "127.0.0.1";
  expected.proxy_port = 9050;
  expected.socket = "/run/pop";
  expected.timeout_seconds = 30;
  expected.pipelining = Pipelining::kOff;
  expected.auth = "CRAM-MD5";
  expected.user = "joe smith";
  expected.password = "x y";
  expected.password_eval = "pass show pop";
  expected.ntlm_domain = "DOM";
  expected.tls = true;
  expected.tls_starttls = false;
  expected.tls_trust_file = "/home/joe/ca.pem";
  expected.tls_crl_file = "/home/joe/crl.pem";
  expected.tls_fingerprint = "AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD";
  expected.tls_key_file = "/home/joe/k.pem";
  expected.tls_cert_file = "/home/joe/c.pem";
  expected.tls_certcheck = false;
  expected.tls_priorities = "NORMAL:-VERS-TLS1.0";
  expected.tls_host_override = "other.example";
  expected.tls_min_dh_prime_bits = 512;
  expected.delivery = {delivery::FindDeliveryKind("maildir"), "/home/joe/Maildir"};
  expected.uidls_file = "/home/joe/u/%U_at_%H";
  expected.only_new = false;
  expected.keep_seconds = 129600;
  expected.killsize = 10240;
  expected.skipsize = 2097152;
  expected.filter = "spamc -c";
  expected.received_header = false;
  expected.command_timeout_seconds = 60;
  expected.redownload_limit = 800;
  expected.poll_interval_seconds = 5400;
  expected.oauth2_issuer = "https://login.example";
  expected.oauth2_client_id = "app-1";
  expected.oauth2_client_secret = "not-so-secret";
  expected.oauth2_scope = "mail offline_access";
  expected.oauth2_flow = OAuth2Flow::kBrowser;
  expected.oauth2_trust_file = "/home/joe/ca.pem";
  expected.logfile = "/home/joe/mpop.log";
  expected.syslog = "LOG_LOCAL3";
  for (const SettingRow& row : SettingRows()) MarkSet(row, expected);
  EXPECT_EQ(a, expected);
}

TEST(ConfigFileTest, EmptyArgumentsUnsetOrMeanOn) {
  Account a = ParseAccount(
      "defaults\n"
      "source_ip 1.2.3.4\nproxy_host p\nproxy_port 99\nsocket s\nuser u\npassword p\n"
      "passwordeval e\nntlmdomain d\ntls_crl_file c\ntls_fingerprint "
      "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF\ntls_key_file k\ntls_cert_file c\n"
      "tls_priorities p\ntls_host_override h\ntls_min_dh_prime_bits 1\nfilter f\n"
      "tls off\ntls_starttls off\ntls_certcheck off\nonly_new off\nreceived_header off\n"
      "pipelining off\nauth plain\nkeep off\n"
      "account a\n"
      "source_ip\nproxy_host\nproxy_port\nsocket\nuser\npassword \"\"\npasswordeval\n"
      "ntlmdomain\ntls_crl_file\ntls_fingerprint\ntls_key_file\ntls_cert_file\n"
      "tls_priorities\ntls_host_override\ntls_min_dh_prime_bits\nfilter\n"
      "tls\ntls_starttls\ntls_certcheck\nonly_new\nreceived_header\npipelining\nauth\nkeep\n"
      "tls_trust_file\n");
  EXPECT_EQ(a.source_ip, std::nullopt);
  EXPECT_EQ(a.proxy_host, std::nullopt);
  EXPECT_EQ(a.proxy_port, 0);
  EXPECT_EQ(a.socket, std::nullopt);
  EXPECT_EQ(a.user, std::nullopt);
  EXPECT_EQ(a.password, std::nullopt);
  EXPECT_EQ(a.password_eval, std::nullopt);
  EXPECT_EQ(a.ntlm_domain, std::nullopt);
  EXPECT_EQ(a.tls_crl_file, std::nullopt);
  EXPECT_EQ(a.tls_fingerprint, std::nullopt);
  EXPECT_EQ(a.tls_key_file, std::nullopt);
  EXPECT_EQ(a.tls_cert_file, std::nullopt);
  EXPECT_EQ(a.tls_priorities, std::nullopt);
  EXPECT_EQ(a.tls_host_override, std::nullopt);
  EXPECT_EQ(a.tls_min_dh_prime_bits, -1);
  EXPECT_EQ(a.filter, std::nullopt);
  EXPECT_TRUE(a.tls);
  EXPECT_TRUE(a.tls_starttls);
  EXPECT_TRUE(a.tls_certcheck);
  EXPECT_TRUE(a.only_new);
  EXPECT_TRUE(a.received_header);
  EXPECT_EQ(a.pipelining, Pipelining::kOn);
  EXPECT_EQ(a.auth, "");
  EXPECT_EQ(a.keep_seconds, kKeepForever);
  EXPECT_EQ(a.tls_trust_file, "");  // set, to "no CA trust"
}

TEST(ConfigFileTest, OffValues) {
  Account a = ParseAccount("account a\ntimeout off\nkillsize off\nskipsize off\nkeep 0s\n");
  EXPECT_EQ(a.timeout_seconds, 0);
  EXPECT_EQ(a.killsize, -1);
  EXPECT_EQ(a.skipsize, -1);
  EXPECT_EQ(a.keep_seconds, 0);
  EXPECT_TRUE(a.IsSet(&Account::killsize));
}

TEST(ConfigFileTest, DeliveryArgumentIsTrimmedAndUnquotedAgain) {
  ScopedEnv home("HOME", "/home/joe");
  struct Case {
    std::string line;
    Delivery expected;
  } cases[] = {
      {"delivery  mbox   \"~/x y\"  ", {delivery::FindDeliveryKind("mbox"), "/home/joe/x y"}},
      {"delivery \"mbox ~/x\"", {delivery::FindDeliveryKind("mbox"), "/home/joe/x"}},
      {"delivery mbox\t~/tab", {delivery::FindDeliveryKind("mbox"), "/home/joe/tab"}},
      {"delivery mbox \"~/x", {delivery::FindDeliveryKind("mbox"), "\"~/x"}},
      {"delivery mbox \"a\" \"b\"", {delivery::FindDeliveryKind("mbox"), "a\" \"b"}},
      {"delivery mda ~/x %F", {delivery::FindDeliveryKind("mda"), "~/x %F"}},
      {"delivery mda \"/usr/bin/procmail -f '%F' -d $USER\"",
       {delivery::FindDeliveryKind("mda"), "/usr/bin/procmail -f '%F' -d $USER"}},
      {"delivery maildir ~", {delivery::FindDeliveryKind("maildir"), "/home/joe"}},
      {"delivery exchange c:\\exchange\\pickup",
       {delivery::FindDeliveryKind("exchange"), "c:\\exchange\\pickup"}},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(ParseAccount("account a\n" + c.line + "\n").delivery, c.expected) << c.line;
  }
}

TEST(ConfigFileTest, TildeExpansionOfPaths) {
  ScopedEnv home("HOME", "/home/joe");
  Account a = ParseAccount("account a\nuidls_file \"~/a b\"\ntls_trust_file ~x\n");
  EXPECT_EQ(a.uidls_file, "/home/joe/a b");
  EXPECT_EQ(a.tls_trust_file, "/home/joex");
}

TEST(ConfigFileTest, UnusualButValidSyntax) {
  EXPECT_EQ(ParseAccount("account a\nport \" 0x6e\"\n").port, 110);
  EXPECT_EQ(ParseAccount("account a\nhost \"\"\"\n").host, "\"");
  EXPECT_EQ(ParseAccount("account a\nhost \"\n").host, "\"");
  EXPECT_EQ(ParseAccount("account a\nhost \"  \"\n").host, "  ");
  EXPECT_EQ(ParseAccount("account a\nhost x\rdelivery mda x\n").host, "x\rdelivery mda x");
  EXPECT_EQ(ParseAccount("account a\nfilter a\0b\n"sv).filter, "a");
  EXPECT_EQ(ParseAccount("account \" a\"\n", " a").name, " a");
  EXPECT_EQ(ParseAccount("account a x\n", "a x").name, "a x");
  EXPECT_EQ(ParseAccount("account a\ntls_force_sslv3 garbage\n").explicitly_set.none(), true);
}

TEST(ConfigFileTest, LineEndsAndLimits) {
  const std::string host499(494, 'h');  // "host " + 494 = 499 characters
  EXPECT_EQ(ParseAccount("account a\r\nhost x\r\n").host, "x");
  EXPECT_EQ(ParseAccount("account a\nhost x").host, "x");
  EXPECT_EQ(ParseAccount("account a\nhost x\r\r\n").host, "x\r");
  EXPECT_EQ(ParseAccount("account a\nhost " + host499 + "\n").host, host499);
  EXPECT_EQ(ParseAccount("account a\nhost " + host499).host, host499);
  EXPECT_EQ(ParseAccount("account a\nhost " + host499.substr(1) + "\r\n").host, host499.substr(1));
  EXPECT_EQ(ParseAccount("\n\n   \n\t# c\n#\naccount a\n\r\n# host y\nhost x\n").host, "x");
  // A NUL byte ends the line, as in upstream's C-string reader.
  EXPECT_TRUE(Parse("account a\n\0tls\n"sv).has_value());
}

TEST(ConfigFileTest, EmptyFileHasNoAccounts) {
  Result<ConfigFile> file = Parse("");
  ASSERT_TRUE(file.has_value());
  EXPECT_TRUE(file->accounts.empty());
  EXPECT_EQ(file->path, "test.rc");
  file = Parse("defaults\ntls on\n");
  ASSERT_TRUE(file.has_value());
  EXPECT_TRUE(file->accounts.empty());
}

TEST(ConfigFileTest, EvalReplacesTheLine) {
  Result<ConfigFile> file = Parse(
      "eval echo account a\neval echo host x\neval echo   # comment\neval echo\n"
      "eval \"echo port 995\"\n");
  ASSERT_TRUE(file.has_value()) << file.error().message;
  ASSERT_EQ(file->accounts.size(), 1u);
  EXPECT_EQ(file->accounts[0].host, "x");
  EXPECT_EQ(file->accounts[0].port, 995);
}

TEST(ConfigFileTest, EvalRunsTheShell) {
  Result<ConfigFile> file = ParseConfig("account a\neval printf 'host x\\nport 1\\n'\n", "f");
  ASSERT_TRUE(file.has_value()) << file.error().message;
  EXPECT_EQ(file->accounts[0].host, "x");
  EXPECT_EQ(file->accounts[0].port, 0);  // only the first line counts
  file = ParseConfig("account a\neval exit 3\n", "f");
  ASSERT_FALSE(file.has_value());
  EXPECT_EQ(file.error().code, ExitCode::kIoErr);
  EXPECT_EQ(file.error().message, "f: line 2: 'exit 3' failed with exit status 3");
  file = ParseConfig("account a\neval printf ''\n", "f");
  ASSERT_FALSE(file.has_value());
  EXPECT_EQ(file.error().message, "f: line 2: cannot read output of 'printf '''");
}

TEST(ConfigFileTest, PasswordLineIsNoticedOnlyWhenLiteral) {
  EXPECT_TRUE(Parse("account a\npassword\n")->has_password_line);
  EXPECT_TRUE(Parse("defaults\n  password x\n")->has_password_line);
  EXPECT_FALSE(Parse("account a\neval echo password x\n")->has_password_line);
  EXPECT_FALSE(Parse("account a\npasswordeval x\n#password x\n")->has_password_line);
}

TEST(ConfigFileTest, DefaultsApplyToLaterAccountsOnly) {
  Result<ConfigFile> file = Parse(
      "defaults\nport 1\n"
      "account a\n"
      "defaults\nport 2\nuser u\n"
      "account b\n"
      "defaults\n"
      "account c\nport 3\n");
  ASSERT_TRUE(file.has_value()) << file.error().message;
  ASSERT_EQ(file->accounts.size(), 3u);
  EXPECT_EQ(file->accounts[0].port, 1);
  EXPECT_EQ(file->accounts[0].user, std::nullopt);
  EXPECT_EQ(file->accounts[1].port, 2);
  EXPECT_EQ(file->accounts[1].user, "u");
  EXPECT_EQ(file->accounts[2].port, 3);
  EXPECT_EQ(file->accounts[2].user, "u");
  // Values from defaults are not "explicitly set" for inheritance.
  EXPECT_FALSE(file->accounts[1].IsSet(&Account::port));
  EXPECT_TRUE(file->accounts[2].IsSet(&Account::port));
  EXPECT_EQ(file->accounts[2].name, "c");
  EXPECT_EQ(file->accounts[2].config_file, "test.rc");
}

TEST(ConfigFileTest, InheritanceCopiesExplicitSettingsInOrder) {
  Result<ConfigFile> file = Parse(
      "account a\nhost x\ndelivery mda x\nport 1\n"
      "account b\nhost y\nport 2\nuser u\ndelivery mda y\n"
      "account c : a , b\n"
      "account d : b,a\n"
      "account e : a\nhost z\n"
      "account f : e\n"
      "account g\nuser\n"
      "account h : b, g\n");
  ASSERT_TRUE(file.has_value()) << file.error().message;
  auto get = [&](std::string_view name) { return *FindAccount(*file, name); };
  EXPECT_EQ(get("c").host, "y");
  EXPECT_EQ(get("c").port, 2);
  EXPECT_EQ(get("c").user, "u");
  EXPECT_EQ(get("c").delivery.argument, "y");
  EXPECT_EQ(get("d").host, "x");
  EXPECT_EQ(get("d").port, 1);
  EXPECT_EQ(get("d").user, "u");  // a never set user, so b's stays
  EXPECT_EQ(get("d").delivery.argument, "x");
  EXPECT_EQ(get("e").host, "z");
  EXPECT_EQ(get("e").port, 1);
  // f inherits what e inherited from a, too.
  EXPECT_EQ(get("f").host, "z");
  EXPECT_EQ(get("f").port, 1);
  EXPECT_EQ(get("f").delivery.argument, "x");
  EXPECT_TRUE(get("f").IsSet(&Account::port));
  // An explicit unset is inherited as well.
  EXPECT_EQ(get("h").user, std::nullopt);
  EXPECT_EQ(get("h").host, "y");
}

TEST(ConfigFileTest, InheritedAccountKeepsDefaultsItDidNotSet) {
  // Upstream: b gets tls off from the current defaults, since a never set tls itself.
  Result<ConfigFile> file = Parse(
      "defaults\ntls on\ntls_certcheck off\n"
      "account a\nhost x\n"
      "defaults\ntls off\n"
      "account b : a\n");
  ASSERT_TRUE(file.has_value()) << file.error().message;
  const Account& b = file->accounts[1];
  EXPECT_FALSE(b.tls);
  EXPECT_FALSE(b.tls_certcheck);
  EXPECT_EQ(b.host, "x");
}

TEST(ConfigFileTest, EmptyTrustFileInDefaultsCounts) {
  // doc/COMPAT.md 10: an explicitly empty trust file means no CA trust, also from `defaults`
  // (upstream 1.4.18 forgets it there and uses "system").
  Account a = ParseAccount("defaults\ntls_trust_file\naccount a\n");
  EXPECT_EQ(a.tls_trust_file, "");
  EXPECT_EQ(ParseAccount("account a\n").tls_trust_file, std::nullopt);
}

TEST(ConfigFileTest, FindAccount) {
  Result<ConfigFile> file = Parse("account a\naccount b\n");
  ASSERT_TRUE(file.has_value());
  EXPECT_EQ(FindAccount(*file, "b")->name, "b");
  EXPECT_EQ(FindAccount(*file, "c"), nullptr);
  EXPECT_EQ(FindAccount(*file, ""), nullptr);
}

// Reading real files.
class LoadConfigFileTest : public ::testing::Test {
 protected:
  std::string Write(const std::string& text, mode_t mode) {
    std::string path = dir_.File("mpoprc");
    mpop::testing::WriteFile(path, text);
    EXPECT_EQ(::chmod(path.c_str(), mode), 0);
    return path;
  }

  mpop::testing::ScopedTempDir dir_;
};

TEST_F(LoadConfigFileTest, ReadsAndParses) {
  std::string path = Write("account a\nhost x\neval echo port 7\n", 0644);
  Result<ConfigFile> file = LoadConfigFile(path);
  ASSERT_TRUE(file.has_value()) << file.error().message;
  EXPECT_EQ(file->path, path);
  ASSERT_EQ(file->accounts.size(), 1u);
  EXPECT_EQ(file->accounts[0].config_file, path);
  EXPECT_EQ(file->accounts[0].port, 7);
}

TEST_F(LoadConfigFileTest, MissingFileIsAnIoError) {
  std::string path = dir_.File("nonexistent");
  Result<ConfigFile> file = LoadConfigFile(path);
  ASSERT_FALSE(file.has_value());
  EXPECT_EQ(file.error().code, ExitCode::kIoErr);
  EXPECT_EQ(file.error().message, path + ": No such file or directory");
}

TEST_F(LoadConfigFileTest, DirectoryIsAnIoError) {
  Result<ConfigFile> file = LoadConfigFile(dir_.path().string());
  ASSERT_FALSE(file.has_value());
  EXPECT_EQ(file.error().code, ExitCode::kIoErr);
  EXPECT_EQ(file.error().message, dir_.path().string() + ": Is a directory");
}

TEST_F(LoadConfigFileTest, EndlessInputStopsAtTheFirstBadLine) {
  Result<ConfigFile> file = LoadConfigFile("/dev/zero");
  ASSERT_FALSE(file.has_value());
  EXPECT_EQ(file.error().message, "/dev/zero: line 1: line longer than 500 characters");
}

TEST_F(LoadConfigFileTest, LinesAcrossReadChunks) {
  // Many lines, so that some straddle the reader's 8 KiB chunks.
  std::string text = "account a\n";
  for (int i = 0; i < 2000; ++i) text += "port " + std::to_string(i % 9 + 1) + "\r\n";
  text += "user u";  // no final newline
  Result<ConfigFile> file = LoadConfigFile(Write(text, 0600));
  ASSERT_TRUE(file.has_value()) << file.error().message;
  EXPECT_EQ(file->accounts[0].port, 1999 % 9 + 1);
  EXPECT_EQ(file->accounts[0].user, "u");
  text.insert(text.size() - 6, std::string(600, 'x') + "\n");
  file = LoadConfigFile(Write(text, 0600));
  ASSERT_FALSE(file.has_value());
  EXPECT_EQ(file.error().message,
            dir_.File("mpoprc") + ": line 2002: line longer than 500 characters");
}

TEST_F(LoadConfigFileTest, SyntaxErrorNamesTheFile) {
  std::string path = Write("account a\nhots x\n", 0600);
  Result<ConfigFile> file = LoadConfigFile(path);
  ASSERT_FALSE(file.has_value());
  EXPECT_EQ(file.error().message, path + ": line 2: unknown command hots (did you mean 'host'?)");
}

TEST_F(LoadConfigFileTest, PasswordFilePermissions) {
  const std::string bad_mode =
      ": contains secrets and therefore must have no more than user read/write permissions";
  struct Case {
    mode_t mode;
    bool ok;
  } cases[] = {{0600, true},  {0400, true},  {0200, true},  {0644, false}, {0640, false},
               {0604, false}, {0700, false}, {0660, false}, {0610, false}, {0601, false}};
  for (const Case& c : cases) {
    std::string path = Write("account a\nhost x\npassword secret\n", c.mode);
    Result<ConfigFile> file = LoadConfigFile(path);
    if (c.ok) {
      // 0200: root can read anyway; others cannot, which is an I/O error, not this check.
      if (!file) {
        EXPECT_EQ(file.error().code, ExitCode::kIoErr) << std::oct << c.mode;
      }
    } else {
      ASSERT_FALSE(file.has_value()) << std::oct << c.mode;
      EXPECT_EQ(file.error().code, ExitCode::kConfig);
      EXPECT_EQ(file.error().message, path + bad_mode);
    }
  }
}

TEST_F(LoadConfigFileTest, NoPasswordLineNoPermissionCheck) {
  EXPECT_TRUE(LoadConfigFile(Write("account a\npasswordeval x\n", 0644)).has_value());
  EXPECT_TRUE(LoadConfigFile(Write("account a\neval echo password x\n", 0644)).has_value());
}

TEST_F(LoadConfigFileTest, SyntaxErrorsComeBeforeThePermissionCheck) {
  std::string path = Write("account a\npassword x\nhots\n", 0644);
  EXPECT_EQ(LoadConfigFile(path).error().message,
            path + ": line 3: unknown command hots (did you mean 'host'?)");
}

TEST_F(LoadConfigFileTest, SymlinkIsFollowedForTheCheck) {
  std::string target = Write("account a\npassword x\n", 0644);
  std::string link = dir_.File("link");
  ASSERT_EQ(::symlink(target.c_str(), link.c_str()), 0);
  Result<ConfigFile> file = LoadConfigFile(link);
  ASSERT_FALSE(file.has_value());
  EXPECT_EQ(file.error().message,
            link +
                ": contains secrets and therefore must have no more than user read/write "
                "permissions");
  ASSERT_EQ(::chmod(target.c_str(), 0600), 0);
  EXPECT_TRUE(LoadConfigFile(link).has_value());
}

TEST_F(LoadConfigFileTest, PasswordFileMustBeOwnedByUs) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to give a file away";
  std::string path = Write("account a\npassword x\n", 0600);
  ASSERT_EQ(::chown(path.c_str(), 65534, static_cast<gid_t>(-1)), 0);
  Result<ConfigFile> file = LoadConfigFile(path);
  ASSERT_FALSE(file.has_value());
  EXPECT_EQ(file.error().code, ExitCode::kConfig);
  EXPECT_EQ(file.error().message, path + ": contains secrets and therefore must be owned by you");
}

}  // namespace
}  // namespace mpop::config
