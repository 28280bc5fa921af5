// GNU SASL's client mechanisms, through our RFC 5034 exchange, against GNU SASL's own server
// side in-process (a small POP3 AUTH responder on a FakeTransport).
#include "auth/gsasl_mechanism.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <optional>
#include <string>
#include <vector>

#include "auth/base64.hpp"
#include "auth/sasl_exchange.hpp"
#include "pop3/session.hpp"
#include "support/fake_transport.hpp"
#include "unit/auth/gsasl_pop3_server.hpp"

namespace mpop::auth {
namespace {

using mpop::testing::FakeTransport;

using mpop::testing::GsaslPop3Server;
using mpop::testing::kSaslHost;
constexpr std::string_view kHost = kSaslHost;

class GsaslMechanismTest : public ::testing::Test {
 protected:
  GsaslMechanismTest() : context_(*SaslContext::Create()) {}

  Status Login(std::string_view mechanism, std::string_view password,
               const ChannelBinding* binding = nullptr, std::string_view user = "alice") {
    transport_.set_responder(server_.Responder());
    SaslCredentials credentials{.user = user,
                                .password = password,
                                .host = kHost,
                                .ntlm_domain = {},
                                .channel_binding = binding};
    auto created = GsaslMechanism::Create(context_, mechanism, credentials);
    if (!created) return std::move(created).error();
    pop3::Session session(transport_, {});
    return Authenticate(session, **created);
  }

  SaslContext context_;
  GsaslPop3Server server_;
  FakeTransport transport_;
};

const std::string_view kPasswordMechanisms[] = {"PLAIN",      "LOGIN",       "CRAM-MD5",
                                                "DIGEST-MD5", "SCRAM-SHA-1", "SCRAM-SHA-256"};

TEST_F(GsaslMechanismTest, EachMechanismLogsIn) {
  for (std::string_view mechanism : kPasswordMechanisms) {
    GsaslPop3Server server;
    server_.accepted = false;
    FakeTransport transport;
    transport.set_responder(server.Responder());
    SaslCredentials credentials{.user = "alice",
                                .password = "alicepw",
                                .host = kHost,
                                .ntlm_domain = {},
                                .channel_binding = nullptr};
    auto created = GsaslMechanism::Create(context_, mechanism, credentials);
    ASSERT_TRUE(created) << mechanism;
    pop3::Session session(transport, {});
    Status result = Authenticate(session, **created);
    EXPECT_TRUE(result) << mechanism << ": " << result.error().message;
    EXPECT_TRUE(server.accepted) << mechanism;
    EXPECT_TRUE((*created)->finished()) << mechanism;
  }
}

TEST_F(GsaslMechanismTest, WrongPasswordIsNoPermWithTheServersWords) {
  for (std::string_view mechanism : kPasswordMechanisms) {
    GsaslPop3Server server;
    FakeTransport transport;
    transport.set_responder(server.Responder());
    SaslCredentials credentials{.user = "alice",
                                .password = "wrong",
                                .host = kHost,
                                .ntlm_domain = {},
                                .channel_binding = nullptr};
    auto created = GsaslMechanism::Create(context_, mechanism, credentials);
    ASSERT_TRUE(created) << mechanism;
    pop3::Session session(transport, {});
    Status result = Authenticate(session, **created);
    ASSERT_FALSE(result) << mechanism;
    EXPECT_EQ(result.error(),
              (Error{ExitCode::kNoPerm,
                     "POP3 server rejected AUTH " + std::string(mechanism) +
                         ": \"-ERR [AUTH] Authentication failed.\" (the credentials were "
                         "rejected; check the user name and password)",
                     "-ERR [AUTH] Authentication failed."}))
        << mechanism;
  }
}

// Client-first mechanisms send their first message on the AUTH line; the others wait.
TEST_F(GsaslMechanismTest, InitialResponses) {
  ASSERT_TRUE(Login("PLAIN", "alicepw"));
  EXPECT_EQ(
      transport_.commands(),
      std::vector<std::string>{"AUTH PLAIN " + Base64Encode(std::string("\0alice\0alicepw", 14))});
}

TEST_F(GsaslMechanismTest, ServerFirstMechanismsWait) {
  ASSERT_TRUE(Login("CRAM-MD5", "alicepw"));
  ASSERT_EQ(transport_.commands().size(), 2u);
  EXPECT_EQ(transport_.commands()[0], "AUTH CRAM-MD5");
}

TEST_F(GsaslMechanismTest, ScramNeverSendsThePassword) {
  ASSERT_TRUE(Login("SCRAM-SHA-256", "alicepw"));
  const std::vector<std::string>& commands = transport_.commands();
  ASSERT_EQ(commands.size(), 3u);  // client-first, client-final, empty answer to server-final
  EXPECT_TRUE(commands[0].starts_with("AUTH SCRAM-SHA-256 "));
  EXPECT_EQ(commands[2], "");
  // n,,n=alice,r=...: no channel binding claimed ("y" would be a downgrade signal).
  EXPECT_TRUE(Base64Decode(commands[0].substr(19))->starts_with("n,,n=alice,r="));
  for (const std::string& command : commands) {
    EXPECT_EQ(command.find("alicepw"), std::string::npos);
    const std::optional<std::string> decoded = Base64Decode(command);
    if (decoded) {
      EXPECT_EQ(decoded->find("alicepw"), std::string::npos);
    }
  }
}

TEST_F(GsaslMechanismTest, DigestMd5UsesServicePopAndTheHost) {
  ASSERT_TRUE(Login("DIGEST-MD5", "alicepw"));
  ASSERT_GE(transport_.commands().size(), 2u);
  const std::optional<std::string> response = Base64Decode(transport_.commands()[1]);
  ASSERT_TRUE(response);
  EXPECT_NE(response->find("digest-uri=\"pop/pop.example.org\""), std::string::npos) << *response;
}

struct PlusCase {
  std::string mechanism;
  ChannelBinding::Kind client_kind;
  std::string client_data;
  ChannelBinding::Kind server_kind;
  std::string server_data;
  bool ok;
};

TEST_F(GsaslMechanismTest, ChannelBinding) {
  using Kind = ChannelBinding::Kind;
  const std::string unique(12, '\x17');
  const std::string exporter(32, '\xe1');
  const PlusCase cases[] = {
      {"SCRAM-SHA-256-PLUS", Kind::kTlsUnique, unique, Kind::kTlsUnique, unique, true},
      {"SCRAM-SHA-256-PLUS", Kind::kTlsExporter, exporter, Kind::kTlsExporter, exporter, true},
      {"SCRAM-SHA-1-PLUS", Kind::kTlsUnique, unique, Kind::kTlsUnique, unique, true},
      {"SCRAM-SHA-1-PLUS", Kind::kTlsExporter, exporter, Kind::kTlsExporter, exporter, true},
      // A man in the middle has a different TLS session, so different data.
      {"SCRAM-SHA-256-PLUS", Kind::kTlsExporter, exporter, Kind::kTlsExporter,
       std::string(32, '\xe2'), false},
      {"SCRAM-SHA-1-PLUS", Kind::kTlsUnique, unique, Kind::kTlsUnique, std::string(12, 'x'), false},
      {"SCRAM-SHA-256-PLUS", Kind::kTlsExporter, exporter, Kind::kTlsUnique, unique, false},
  };
  for (const PlusCase& c : cases) {
    GsaslPop3Server server;
    server.binding = ChannelBinding{c.server_kind, c.server_data};
    FakeTransport transport;
    transport.set_responder(server.Responder());
    const ChannelBinding client{c.client_kind, c.client_data};
    SaslCredentials credentials{.user = "alice",
                                .password = "alicepw",
                                .host = kHost,
                                .ntlm_domain = {},
                                .channel_binding = &client};
    auto created = GsaslMechanism::Create(context_, c.mechanism, credentials);
    ASSERT_TRUE(created) << c.mechanism;
    pop3::Session session(transport, {});
    Status result = Authenticate(session, **created);
    EXPECT_EQ(result.has_value(), c.ok) << c.mechanism;
    EXPECT_EQ(server.accepted, c.ok) << c.mechanism;
    const std::string header =
        c.client_kind == Kind::kTlsUnique ? "p=tls-unique,,n=alice" : "p=tls-exporter,,n=alice";
    ASSERT_FALSE(transport.commands().empty());
    const std::string first = transport.commands()[0];
    EXPECT_TRUE(Base64Decode(first.substr(first.find(' ', 5) + 1))->starts_with(header))
        << c.mechanism;
    if (!c.ok) {
      EXPECT_EQ(result.error().code, ExitCode::kNoPerm);
    }
  }
}

TEST_F(GsaslMechanismTest, PlusWithoutBindingDataIsUnavailable) {
  Status result = Login("SCRAM-SHA-256-PLUS", "alicepw");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error(),
            Error::Unavailable("authentication method SCRAM-SHA-256-PLUS needs TLS channel "
                               "binding, which this connection lacks"));
  EXPECT_TRUE(transport_.commands().empty());
}

TEST_F(GsaslMechanismTest, ExternalSendsTheUserAsAuthorizationIdentity) {
  ASSERT_TRUE(Login("EXTERNAL", "", nullptr, "alice"));
  EXPECT_EQ(transport_.commands(), std::vector<std::string>{"AUTH EXTERNAL YWxpY2U="});
  EXPECT_EQ(server_.authzid_seen, "alice");
}

TEST_F(GsaslMechanismTest, ExternalWithoutUserSendsAnEmptyResponse) {
  ASSERT_TRUE(Login("EXTERNAL", "", nullptr, ""));
  EXPECT_EQ(transport_.commands(), std::vector<std::string>{"AUTH EXTERNAL ="});
}

TEST_F(GsaslMechanismTest, NtlmStartsWithANegotiateMessage) {
  SaslCredentials credentials{.user = "alice",
                              .password = "pw",
                              .host = kHost,
                              .ntlm_domain = "CORP",
                              .channel_binding = nullptr};
  auto created = GsaslMechanism::Create(context_, "NTLM", credentials);
  ASSERT_TRUE(created);
  Result<std::optional<SecretString>> first = (*created)->Start();
  ASSERT_TRUE(first);
  ASSERT_TRUE(*first);
  EXPECT_TRUE((*first)->view().starts_with(std::string_view("NTLMSSP\0\1\0\0\0", 12)));
}

// Without a Kerberos ticket GSSAPI fails before AUTH is sent, as a credentials problem.
TEST_F(GsaslMechanismTest, GssapiWithoutTicket) {
  const char* saved = getenv("KRB5CCNAME");
  const std::string old_value = saved != nullptr ? saved : "";
  setenv("KRB5CCNAME", "FILE:/nonexistent/mpop-test-ccache", 1);
  Status result = Login("GSSAPI", "");
  if (saved != nullptr) {
    setenv("KRB5CCNAME", old_value.c_str(), 1);
  } else {
    unsetenv("KRB5CCNAME");
  }
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ExitCode::kNoPerm) << result.error().message;
  EXPECT_TRUE(result.error().message.starts_with("SASL GSSAPI failed: ")) << result.error().message;
  EXPECT_TRUE(transport_.commands().empty());
}

TEST(IsClientFirstTest, Table) {
  for (std::string_view name :
       {"PLAIN", "EXTERNAL", "SCRAM-SHA-1", "SCRAM-SHA-256-PLUS", "GSSAPI", "NTLM"}) {
    EXPECT_TRUE(IsClientFirst(name)) << name;
  }
  for (std::string_view name : {"LOGIN", "CRAM-MD5", "DIGEST-MD5", "XOAUTH2"}) {
    EXPECT_FALSE(IsClientFirst(name)) << name;
  }
}

}  // namespace
}  // namespace mpop::auth
