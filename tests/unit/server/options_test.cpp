// mpopd's command line: values, abbreviations, pairs, and the whole error messages.

#include "server/options.hpp"

#include <gtest/gtest.h>

namespace mpop::server {
namespace {

Result<DaemonCommandLine> Parse(std::vector<std::string> args) {
  return ParseDaemonCommandLine(args);
}

TEST(DaemonOptionsTest, Defaults) {
  Result<DaemonCommandLine> parsed = Parse({"--auth=alice", "--maildir=/m"});
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  DaemonCommandLine expected;
  expected.options.mailboxes = {{"alice", std::nullopt, "/m"}};
  EXPECT_EQ(*parsed, expected);
  EXPECT_EQ(parsed->options.interface, "127.0.0.1");
  EXPECT_EQ(parsed->options.port, 1100);
  EXPECT_EQ(parsed->options.log, "none");
  EXPECT_EQ(parsed->options.idle_timeout, std::chrono::seconds(600));
  EXPECT_EQ(parsed->options.max_sessions, 16);
  EXPECT_FALSE(parsed->options.inetd);
}

TEST(DaemonOptionsTest, EveryOption) {
  Result<DaemonCommandLine> parsed = Parse(
      {"--inetd", "--interface=::1", "--port", "2110", "--log=/tmp/l", "--auth=alice,echo a,b",
       "--maildir=/a", "--auth", "bob", "--maildir", "/b", "--idle-timeout=5", "--max-sessions=3"});
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  const DaemonOptions& o = parsed->options;
  EXPECT_TRUE(o.inetd);
  EXPECT_EQ(o.interface, "::1");
  EXPECT_EQ(o.port, 2110);
  EXPECT_EQ(o.log, "/tmp/l");
  EXPECT_EQ(o.mailboxes,
            (std::vector<MailboxSpec>{{"alice", "echo a,b", "/a"}, {"bob", std::nullopt, "/b"}}));
  EXPECT_EQ(o.idle_timeout, std::chrono::seconds(5));
  EXPECT_EQ(o.max_sessions, 3);
}

TEST(DaemonOptionsTest, Tls) {
  struct Case {
    std::vector<std::string> args;
    TlsMode mode;
  } cases[] = {
      {{"--tls-cert-file=/c", "--tls-key-file", "/k"}, TlsMode::kStarttls},
      {{"--tls=starttls", "--tls-cert-file=/c", "--tls-key-file=/k"}, TlsMode::kStarttls},
      {{"--tls-key-file=/k", "--tls", "implicit", "--tls-c=/c"}, TlsMode::kImplicit},
  };
  for (const Case& c : cases) {
    std::vector<std::string> args = {"--auth=a", "--maildir=/m"};
    args.insert(args.end(), c.args.begin(), c.args.end());
    Result<DaemonCommandLine> parsed = Parse(args);
    ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
    EXPECT_TRUE(parsed->options.tls());
    EXPECT_EQ(parsed->options.tls_cert_file, "/c");
    EXPECT_EQ(parsed->options.tls_key_file, "/k");
    EXPECT_EQ(parsed->options.tls_mode, c.mode);
  }
  Result<DaemonCommandLine> plain = Parse({"--auth=a", "--maildir=/m"});
  ASSERT_TRUE(plain.has_value());
  EXPECT_FALSE(plain->options.tls());
}

TEST(DaemonOptionsTest, AbbreviationsAndTerminator) {
  Result<DaemonCommandLine> parsed =
      Parse({"--inte=10.0.0.1", "--po=1", "--au=a", "--mail=/m", "--id=7", "--max=2", "--"});
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_EQ(parsed->options.interface, "10.0.0.1");
  EXPECT_EQ(parsed->options.port, 1);
  EXPECT_EQ(parsed->options.idle_timeout, std::chrono::seconds(7));
  EXPECT_EQ(parsed->options.max_sessions, 2);
  EXPECT_FALSE(Parse({"--ma=2"}).has_value());
}

TEST(DaemonOptionsTest, HelpAndVersion) {
  EXPECT_EQ(Parse({"--help"})->action, DaemonAction::kHelp);
  EXPECT_EQ(Parse({"--version"})->action, DaemonAction::kVersion);
  EXPECT_EQ(Parse({"--version", "--help"})->action, DaemonAction::kVersion);
  EXPECT_EQ(Parse({"--maildir=/x", "--help"}).error().message,
            "--maildir=/x must follow an --auth option");
  EXPECT_EQ(Parse({"--help", "--auth=a"})->action, DaemonAction::kHelp);
}

TEST(DaemonOptionsTest, Errors) {
  struct Case {
    std::vector<std::string> args;
    std::string message;
  } cases[] = {
      {{}, "no mailbox: give at least one --auth=USER and --maildir=DIR pair"},
      {{"--inetd"}, "no mailbox: give at least one --auth=USER and --maildir=DIR pair"},
      {{"--auth=a"}, "--auth=a has no --maildir"},
      {{"--auth=a", "--auth=b", "--maildir=/m"}, "--auth=a has no --maildir"},
      {{"--maildir=/m"}, "--maildir=/m must follow an --auth option"},
      {{"--auth=a", "--maildir=/m", "--maildir=/n"}, "--auth=a has more than one --maildir"},
      {{"--auth=", "--maildir=/m"}, "option --auth needs a value"},
      {{"--auth=,cmd", "--maildir=/m"}, "--auth=,cmd: empty user name"},
      {{"--auth=a,", "--maildir=/m"}, "--auth=a,: empty password command after the comma"},
      {{"--auth=a", "--maildir="}, "option --maildir needs a value"},
      {{"--log="}, "option --log needs a value"},
      {{"--interface="}, "option --interface needs a value"},
      {{"--interface=localhost"},
       "invalid interface 'localhost': not a numeric IPv4 or IPv6 address"},
      {{"--port=0"}, "invalid port '0': must be 1 to 65535"},
      {{"--port=65536"}, "invalid port '65536': must be 1 to 65535"},
      {{"--port=-1"}, "invalid port '-1': must be 1 to 65535"},
      {{"--port=1100x"}, "invalid port '1100x': must be 1 to 65535"},
      {{"--port=99999999999999999999999"},
       "invalid port '99999999999999999999999': must be 1 to 65535"},
      {{"--port="}, "option --port needs a value"},
      {{"--port"}, "option '--port' requires an argument"},
      {{"--idle-timeout=0"}, "invalid idle timeout '0': must be 1 to 86400 seconds"},
      {{"--max-sessions=0"}, "invalid session limit '0': must be 1 to 1000"},
      {{"--inetd=yes"}, "option '--inetd' doesn't allow an argument"},
      {{"--bogus"}, "unrecognized option '--bogus'"},
      {{"--bogus=1"}, "unrecognized option '--bogus'"},
      {{"-p"}, "unrecognized option '-p'"},
      {{"--"}, "no mailbox: give at least one --auth=USER and --maildir=DIR pair"},
      {{"--", "x"}, "unexpected argument 'x'"},
      {{"account"}, "unexpected argument 'account'"},
      {{"--ma=1"}, "option '--ma' is ambiguous"},
      {{"--i"}, "option '--i' is ambiguous"},
      {{"--tl=x"}, "option '--tl' is ambiguous"},
      {{"--auth=a", "--maildir=/m", "--tls-cert-file=/c"},
       "--tls-cert-file and --tls-key-file must be given together"},
      {{"--auth=a", "--maildir=/m", "--tls-key-file=/k"},
       "--tls-cert-file and --tls-key-file must be given together"},
      {{"--auth=a", "--maildir=/m", "--tls=implicit"},
       "--tls needs --tls-cert-file and --tls-key-file"},
      {{"--auth=a", "--maildir=/m", "--tls=starttls"},
       "--tls needs --tls-cert-file and --tls-key-file"},
      {{"--tls=on"}, "invalid --tls value 'on': must be starttls or implicit"},
      {{"--tls="}, "option --tls needs a value"},
      {{"--tls-cert-file="}, "option --tls-cert-file needs a value"},
  };
  for (const Case& c : cases) {
    Result<DaemonCommandLine> parsed = Parse(c.args);
    ASSERT_FALSE(parsed.has_value()) << c.message;
    EXPECT_EQ(parsed.error().code, ExitCode::kUsage);
    EXPECT_EQ(parsed.error().message, c.message);
  }
}

}  // namespace
}  // namespace mpop::server
