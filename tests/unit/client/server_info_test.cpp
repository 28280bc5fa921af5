#include "client/server_info.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "client/account_output.hpp"
#include "client/stop_controller.hpp"
#include "pop3/session.hpp"
#include "support/fake_transport.hpp"
#include "support/scripted_server.hpp"

namespace mpop::client {
namespace {

pop3::Capabilities Caps(std::vector<std::string> lines) { return pop3::ParseCapabilities(lines); }

pop3::Capabilities NoCapa() { return pop3::Capabilities{}; }

// Dovecot 2.3's CAPA without TLS (COMPONENTS.md 3.1).
const std::vector<std::string> kDovecotCapa = {
    "CAPA",
    "TOP",
    "UIDL",
    "RESP-CODES",
    "PIPELINING",
    "AUTH-RESP-CODE",
    "STLS",
    "USER",
    "SASL PLAIN LOGIN CRAM-MD5 DIGEST-MD5 SCRAM-SHA-1 SCRAM-SHA-256 EXTERNAL OAUTHBEARER "
    "XOAUTH2"};

ServerInfo Info(pop3::Capabilities caps) {
  ServerInfo info;
  info.host = "pop.example.org";
  info.canonical_name = "mail.example.org";
  info.address = "192.0.2.7";
  info.port = 110;
  info.greeting = "Dovecot (Debian) ready.";
  info.capabilities = std::move(caps);
  info.authenticated = true;
  return info;
}

TEST(FormatServerInfoTest, DovecotWithoutTls) {
  ServerInfo info = Info(Caps(kDovecotCapa));
  info.apop_available = true;
  EXPECT_EQ(FormatServerInfo(info),
            "POP3 server at pop.example.org (mail.example.org [192.0.2.7]), port 110:\n"
            "    Dovecot (Debian) ready.\n"
            "POP3 capabilities:\n"
            "    CAPA:\n"
            "        Support for the CAPA command (get list of capabilities)\n"
            "    PIPELINING:\n"
            "        Support for command grouping for faster transmission\n"
            "    TOP:\n"
            "        Support for the TOP command (get mail headers)\n"
            "    UIDL:\n"
            "        Support for the UIDL command (get unique mail identifiers)\n"
            "    STLS:\n"
            "        Support for TLS encryption via the STLS command\n"
            "    AUTH:\n"
            "        Supported authentication methods:\n"
            "        SCRAM-SHA-256 SCRAM-SHA-1 USER APOP PLAIN EXTERNAL OAUTHBEARER CRAM-MD5 "
            "DIGEST-MD5 LOGIN XOAUTH2 \n"
            "    RESP-CODES:\n"
            "        Server error messages in square brackets have a special meaning\n"
            "    AUTH-RESP-CODE:\n"
            "        Server error messages in square brackets have a special meaning\n"
            "This server might advertise more or other capabilities\n"
            "    when TLS is active.\n");
}

TEST(FormatServerInfoTest, TlsBlockFollowsTheGreetingAndSilencesTheTlsNote) {
  ServerInfo info = Info(Caps({"TOP", "STLS"}));
  info.tls_active = true;
  info.tls_block = "TLS session parameters:\n    (TLS1.3)\n";
  EXPECT_EQ(FormatServerInfo(info),
            "POP3 server at pop.example.org (mail.example.org [192.0.2.7]), port 110:\n"
            "    Dovecot (Debian) ready.\n"
            "TLS session parameters:\n    (TLS1.3)\n"
            "POP3 capabilities:\n"
            "    CAPA:\n"
            "        Support for the CAPA command (get list of capabilities)\n"
            "    TOP:\n"
            "        Support for the TOP command (get mail headers)\n"
            "    STLS:\n"
            "        Support for TLS encryption via the STLS command\n"
            "    AUTH:\n"
            "        Supported authentication methods:\n"
            "        USER \n");
}

TEST(FormatServerInfoTest, HeaderLineVariants) {
  struct Case {
    std::optional<std::string> canonical;
    std::optional<std::string> address;
    std::string expected;
  };
  const Case cases[] = {
      {"c.example", "192.0.2.1", "POP3 server at h (c.example [192.0.2.1]), port 995:\n"},
      {"c.example", std::nullopt, "POP3 server at h (c.example), port 995:\n"},
      {std::nullopt, "2001:db8::1", "POP3 server at h ([2001:db8::1]), port 995:\n"},
      {std::nullopt, std::nullopt, "POP3 server at h, port 995:\n"},
  };
  for (const Case& c : cases) {
    ServerInfo info;
    info.host = "h";
    info.port = 995;
    info.canonical_name = c.canonical;
    info.address = c.address;
    info.authenticated = true;
    std::string text = FormatServerInfo(info);
    EXPECT_EQ(text.substr(0, text.find('\n') + 1), c.expected);
  }
}

TEST(FormatServerInfoTest, ServerWithoutCapaShowsOnlyWhatIsCertain) {
  ServerInfo info = Info(NoCapa());
  info.authenticated = false;
  info.apop_available = true;
  info.greeting = "POP3 ready <1896.697170952@dbc.mtview.ca.us>";
  EXPECT_EQ(FormatServerInfo(info),
            "POP3 server at pop.example.org (mail.example.org [192.0.2.7]), port 110:\n"
            "    POP3 ready <1896.697170952@dbc.mtview.ca.us>\n"
            "POP3 capabilities:\n"
            "    AUTH:\n"
            "        Supported authentication methods:\n"
            "        USER APOP \n"
            "This server might advertise more or other capabilities\n"
            "    after successful authentication.\n"
            "This server does not support the CAPA command, so this\n"
            "    list is probably not complete.\n");
}

TEST(FormatServerInfoTest, AllNotesInOrder) {
  ServerInfo info = Info(Caps({"STLS"}));
  info.authenticated = false;
  std::string text = FormatServerInfo(info);
  EXPECT_NE(text.find("        USER \n"
                      "This server might advertise more or other capabilities\n"
                      "    when TLS is active.\n"
                      "This server might advertise more or other capabilities\n"
                      "    after successful authentication.\n"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("CAPA command, so"), std::string::npos) << text;
}

TEST(FormatServerInfoTest, ImplementationLoginDelayExpireInOrder) {
  ServerInfo info = Info(Caps({"EXPIRE 30", "LOGIN-DELAY 900", "IMPLEMENTATION Foo  Bar 1.0",
                               "UIDL", "TOP", "PIPELINING"}));
  EXPECT_EQ(FormatServerInfo(info),
            "POP3 server at pop.example.org (mail.example.org [192.0.2.7]), port 110:\n"
            "    Dovecot (Debian) ready.\n"
            "POP3 capabilities:\n"
            "    CAPA:\n"
            "        Support for the CAPA command (get list of capabilities)\n"
            "    IMPLEMENTATION:\n"
            "        Foo  Bar 1.0\n"
            "    PIPELINING:\n"
            "        Support for command grouping for faster transmission\n"
            "    TOP:\n"
            "        Support for the TOP command (get mail headers)\n"
            "    UIDL:\n"
            "        Support for the UIDL command (get unique mail identifiers)\n"
            "    LOGIN-DELAY 900:\n"
            "        minimum time between logins is 900 seconds = 15.00 minutes\n"
            "    EXPIRE 30:\n"
            "        this POP3 server will keep mails for 30 days\n"
            "    AUTH:\n"
            "        Supported authentication methods:\n"
            "        USER \n");
}

TEST(FormatServerInfoTest, ExpireVariants) {
  struct Case {
    std::string line;
    std::string expected;
  };
  const Case cases[] = {
      {"EXPIRE NEVER", "    EXPIRE NEVER:\n        this POP3 server will never delete mails\n"},
      {"EXPIRE never USER",
       "    EXPIRE NEVER:\n        this POP3 server will never delete mails\n"},
      {"EXPIRE 0", "    EXPIRE 0:\n        this POP3 server will not keep mails\n"},
      {"EXPIRE 1", "    EXPIRE 1:\n        this POP3 server will keep mails for 1 days\n"},
      {"EXPIRE 31 USER", "    EXPIRE 31:\n        this POP3 server will keep mails for 31 days\n"},
      {"EXPIRE -1",
       "    EXPIRE:\n        this POP3 server announced an unreadable mail expiry period\n"},
      {"EXPIRE",
       "    EXPIRE:\n        this POP3 server announced an unreadable mail expiry period\n"},
  };
  for (const Case& c : cases) {
    std::string text = FormatServerInfo(Info(Caps({c.line})));
    EXPECT_NE(text.find(c.expected + "    AUTH:\n"), std::string::npos) << c.line << "\n" << text;
  }
}

TEST(FormatLoginDelayTest, SecondsMinutesHours) {
  struct Case {
    long seconds;
    std::string expected;
  };
  const Case cases[] = {
      {0, "0 seconds"},
      {30, "30 seconds"},
      {60, "60 seconds"},
      {61, "61 seconds = 1.02 minutes"},
      {900, "900 seconds = 15.00 minutes"},
      {3600, "3600 seconds = 60.00 minutes"},
      {3601, "3601 seconds = 1.00 hours"},
      {5000, "5000 seconds = 1.39 hours"},
      {86400, "86400 seconds = 24.00 hours"},
      {900000, "900000 seconds = 250.00 hours"},
  };
  for (const Case& c : cases) EXPECT_EQ(FormatLoginDelay(c.seconds), c.expected) << c.seconds;
}

TEST(FormatServerInfoTest, LoginDelayItem) {
  std::string text = FormatServerInfo(Info(Caps({"LOGIN-DELAY 7200 USER"})));
  EXPECT_NE(text.find("    LOGIN-DELAY 7200:\n"
                      "        minimum time between logins is 7200 seconds = 2.00 hours\n"),
            std::string::npos)
      << text;
  // An unreadable value is not shown at all.
  text = FormatServerInfo(Info(Caps({"LOGIN-DELAY soon"})));
  EXPECT_EQ(text.find("LOGIN-DELAY"), std::string::npos) << text;
}

TEST(FormatServerInfoTest, OddSaslLists) {
  struct Case {
    std::vector<std::string> lines;
    bool apop;
    std::string expected;
  };
  const Case cases[] = {
      // Fixed order whatever the server's order; case-insensitive; duplicates once.
      {{"SASL xoauth2 Plain SCRAM-SHA-1-PLUS plain SCRAM-SHA-256-PLUS NTLM GSSAPI"},
       false,
       "SCRAM-SHA-256-PLUS SCRAM-SHA-1-PLUS USER PLAIN GSSAPI NTLM XOAUTH2 "},
      // Unknown mechanisms are left out; APOP and USER on the SASL line change nothing.
      {{"SASL FOO GS2-KRB5 APOP"}, false, "USER "},
      {{"SASL"}, true, "USER APOP "},
      {{"SASL\tLOGIN\t\tCRAM-MD5 "}, false, "USER CRAM-MD5 LOGIN "},
      // Two SASL lines add up.
      {{"SASL EXTERNAL", "SASL DIGEST-MD5"}, false, "USER EXTERNAL DIGEST-MD5 "},
  };
  for (const Case& c : cases) {
    ServerInfo info = Info(Caps(c.lines));
    info.apop_available = c.apop;
    std::string text = FormatServerInfo(info);
    EXPECT_NE(text.find("    AUTH:\n        Supported authentication methods:\n        " +
                        c.expected + "\n"),
              std::string::npos)
        << c.lines[0] << "\n"
        << text;
  }
}

TEST(FormatServerInfoTest, ServerTextIsSanitized) {
  ServerInfo info = Info(Caps({"IMPLEMENTATION evil\x1b[2J"}));
  info.greeting = "hi\x07there";
  std::string text = FormatServerInfo(info);
  EXPECT_NE(text.find("    hi?there\n"), std::string::npos) << text;
  EXPECT_NE(text.find("        evil?[2J\n"), std::string::npos) << text;
}

TEST(MergeCapabilitiesTest, PostLoginListUpdatesThePreLoginOne) {
  pop3::Capabilities before =
      Caps({"TOP", "USER", "SASL PLAIN", "STLS", "IMPLEMENTATION pre", "EXPIRE 30 USER"});
  pop3::Capabilities after = Caps(
      {"TOP", "UIDL", "IMPLEMENTATION post", "EXPIRE 5", "LOGIN-DELAY 60", "SASL PLAIN LOGIN"});
  pop3::Capabilities merged = MergeCapabilities(before, after);
  EXPECT_TRUE(merged.capa_supported);
  EXPECT_TRUE(merged.top && merged.uidl && merged.stls && merged.user);
  EXPECT_EQ(merged.implementation, "post");
  EXPECT_EQ(merged.expire, (pop3::Expire{pop3::Expire::Kind::kDays, 5, false}));
  EXPECT_EQ(merged.login_delay, 60);
  EXPECT_EQ(merged.sasl_mechanisms, (std::vector<std::string>{"PLAIN", "LOGIN"}));

  EXPECT_EQ(MergeCapabilities(before, std::nullopt), before);
  EXPECT_EQ(MergeCapabilities(before, NoCapa()), before);
  // Values not repeated after login keep their pre-login values.
  pop3::Capabilities partial = MergeCapabilities(before, Caps({"UIDL"}));
  EXPECT_EQ(partial.implementation, "pre");
  EXPECT_EQ(partial.expire, (pop3::Expire{pop3::Expire::Kind::kDays, 30, true}));
}

TEST(FormatServerInfoTest, PostLoginCapabilitiesOnlyAfterSuccess) {
  ServerInfo info = Info(Caps({"TOP", "USER"}));
  info.capabilities_after_auth = Caps({"TOP", "UIDL", "PIPELINING"});
  EXPECT_NE(FormatServerInfo(info).find("    UIDL:\n"), std::string::npos);
  info.authenticated = false;
  std::string text = FormatServerInfo(info);
  EXPECT_EQ(text.find("UIDL"), std::string::npos) << text;
  EXPECT_NE(text.find("after successful authentication"), std::string::npos) << text;
}

// RunServerInfo against a scripted server: prints the report, then QUIT.
class RunServerInfoTest : public ::testing::Test {
 protected:
  RunServerInfoTest() : out_(console_, /*buffered=*/false) {
    account_.host = "pop.example.org";
    account_.port = 1110;
  }

  struct Outcome {
    Status status;
    std::string printed;
  };

  Outcome Run(bool authenticated) {
    pop3::Session session(transport_, {});
    SessionContext context{account_, options_, out_, stop_, identity_, 0};
    pop3::Greeting greeting{"POP3 ready", std::nullopt};
    pop3::Capabilities caps = Caps({"TOP", "UIDL"});
    net::ConnectionInfo connection;
    connection.peer_ip = "127.0.0.1";
    ::testing::internal::CaptureStdout();
    Status status = RunServerInfo(context, session,
                                  {.connection = connection,
                                   .greeting = greeting,
                                   .capabilities = caps,
                                   .authenticated = authenticated});
    return {status, ::testing::internal::GetCapturedStdout()};
  }

  config::Account account_;
  RunOptions options_;
  ConsoleLock console_;
  AccountOutput out_;
  StopController stop_;
  LocalIdentity identity_;
  testing::ScriptedServer server_;
  testing::FakeTransport transport_;
};

TEST_F(RunServerInfoTest, PrintsTheReportAndQuits) {
  transport_.set_responder(server_.Responder());
  Outcome outcome = Run(true);
  ASSERT_TRUE(outcome.status.has_value()) << outcome.status.error().message;
  EXPECT_EQ(outcome.printed,
            "POP3 server at pop.example.org ([127.0.0.1]), port 1110:\n"
            "    POP3 ready\n"
            "POP3 capabilities:\n"
            "    CAPA:\n"
            "        Support for the CAPA command (get list of capabilities)\n"
            "    TOP:\n"
            "        Support for the TOP command (get mail headers)\n"
            "    UIDL:\n"
            "        Support for the UIDL command (get unique mail identifiers)\n"
            "    AUTH:\n"
            "        Supported authentication methods:\n"
            "        USER \n");
  EXPECT_EQ(transport_.commands(), (std::vector<std::string>{"QUIT"}));
}

TEST_F(RunServerInfoTest, QuitFailureMattersOnlyAfterALogin) {
  server_.overrides["QUIT"] = "-ERR cannot quit\r\n";
  transport_.set_responder(server_.Responder());
  Outcome failed_login = Run(false);
  EXPECT_TRUE(failed_login.status.has_value());
  EXPECT_NE(failed_login.printed.find("after successful authentication"), std::string::npos);

  Outcome logged_in = Run(true);
  ASSERT_FALSE(logged_in.status.has_value());
  EXPECT_EQ(logged_in.status.error().code, ExitCode::kProtocol);
  EXPECT_NE(logged_in.printed.find("POP3 server at pop.example.org"), std::string::npos);
}

TEST_F(RunServerInfoTest, SocketWithoutHostNamesTheSocket) {
  account_.host.reset();
  account_.socket = "/run/pop3.sock";
  transport_.set_responder(server_.Responder());
  Outcome outcome = Run(true);
  EXPECT_EQ(outcome.printed.substr(0, outcome.printed.find('\n')),
            "POP3 server at /run/pop3.sock ([127.0.0.1]), port 1110:");
}

}  // namespace
}  // namespace mpop::client
