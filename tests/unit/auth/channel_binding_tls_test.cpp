// SCRAM-*-PLUS end to end over real TLS: our TLS client (net::StartTls) hands its channel
// binding to GsaslMechanism, and GNU SASL's server side checks it against the binding of
// the server's own TLS session. TLS 1.2 gives tls-unique, TLS 1.3 tls-exporter. A server
// whose binding differs (a man in the middle has another TLS session) must fail.

#include <gnutls/gnutls.h>
#include <gtest/gtest.h>
#include <sys/socket.h>

#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "auth/gsasl_mechanism.hpp"
#include "auth/sasl_exchange.hpp"
#include "net/fd_transport.hpp"
#include "net/gnutls_library.hpp"
#include "net/tls_context.hpp"
#include "pop3/session.hpp"
#include "support/tls_certs.hpp"
#include "support/tls_server.hpp"
#include "unit/auth/gsasl_pop3_server.hpp"

namespace mpop::auth {
namespace {

using mpop::testing::GsaslPop3Server;
using mpop::testing::TestCertificates;
using mpop::testing::TlsServerEnd;
using mpop::testing::TlsServerOptions;

std::optional<ChannelBinding> ServerBinding(gnutls_session_t session) {
  for (auto [type, kind] : {std::pair{GNUTLS_CB_TLS_EXPORTER, ChannelBinding::Kind::kTlsExporter},
                            std::pair{GNUTLS_CB_TLS_UNIQUE, ChannelBinding::Kind::kTlsUnique}}) {
    gnutls_datum_t data{};
    if (gnutls_session_channel_binding(session, type, &data) == 0) {
      ChannelBinding binding{kind, std::string(reinterpret_cast<char*>(data.data), data.size)};
      gnutls_free(data.data);
      // TLS 1.2 has both; our client sends tls-unique there (tls-exporter needs TLS 1.3's
      // or the extended master secret's guarantees), so prefer what the client will use.
      if (kind == ChannelBinding::Kind::kTlsExporter &&
          gnutls_protocol_get_version(session) != GNUTLS_TLS1_3) {
        continue;
      }
      return binding;
    }
  }
  return std::nullopt;
}

struct Outcome {
  Status client;
  bool accepted = false;
  std::optional<ChannelBinding> client_binding;
};

// One TLS connection: the server thread answers AUTH through GsaslPop3Server with its own
// binding (corrupted when `tamper`), the client runs `mechanism`.
Outcome RunOverTls(const std::string& priorities, const std::string& mechanism, bool tamper) {
  TestCertificates certs;
  int fds[2];
  EXPECT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), 0);
  UniqueFd client_fd(fds[0]);
  UniqueFd server_fd(fds[1]);
  bool accepted = false;
  std::thread server([&] {
    auto end = TlsServerEnd::Create(std::move(server_fd),
                                    TlsServerOptions{.cert_file = certs.Path("server.crt"),
                                                     .key_file = certs.Path("server.key"),
                                                     .priorities = priorities});
    ASSERT_TRUE(end);
    if (!(*end)->Handshake()) return;
    GsaslPop3Server sasl;
    sasl.binding = ServerBinding((*end)->session());
    if (tamper && sasl.binding) sasl.binding->data[0] ^= 1;
    while (true) {
      Result<std::string> line = (*end)->ReadLine();
      if (!line || line->empty()) break;
      while (!line->empty() && (line->back() == '\n' || line->back() == '\r')) line->pop_back();
      if (!(*end)->Write(sasl.Answer(*line) + "\r\n")) break;
      if (sasl.accepted) break;
    }
    accepted = sasl.accepted;
    (*end)->Bye();
  });

  Outcome outcome;
  auto library = net::GnutlsLibrary::Init();
  EXPECT_TRUE(library);
  net::FdTransport plain(std::move(client_fd), std::chrono::seconds(10));
  net::TlsOptions options;
  options.host = "localhost";
  options.trust_file = certs.Path("ca.crt");
  options.priorities = priorities;
  auto tls = net::StartTls(*library, plain, options);
  if (!tls) {
    outcome.client = std::move(tls).error();
  } else {
    std::optional<net::ChannelBinding> binding = (*tls)->channel_binding();
    if (binding) {
      outcome.client_binding = ChannelBinding{binding->type == net::ChannelBindingType::kTlsUnique
                                                  ? ChannelBinding::Kind::kTlsUnique
                                                  : ChannelBinding::Kind::kTlsExporter,
                                              binding->data};
    }
    auto context = SaslContext::Create();
    EXPECT_TRUE(context);
    SaslCredentials credentials{
        .user = "alice",
        .password = "alicepw",
        .host = "localhost",
        .ntlm_domain = {},
        .channel_binding = outcome.client_binding ? &*outcome.client_binding : nullptr};
    auto created = GsaslMechanism::Create(*context, mechanism, credentials);
    if (!created) {
      outcome.client = std::move(created).error();
    } else {
      pop3::Session session(**tls, {});
      outcome.client = Authenticate(session, **created);
    }
    (void)(*tls)->Close();
  }
  ::shutdown(plain.fd(), SHUT_RDWR);
  server.join();
  outcome.accepted = accepted;
  return outcome;
}

struct Case {
  std::string priorities;
  std::string mechanism;
  ChannelBinding::Kind kind;
};

const Case kCases[] = {
    {"NORMAL:-VERS-TLS-ALL:+VERS-TLS1.2", "SCRAM-SHA-256-PLUS", ChannelBinding::Kind::kTlsUnique},
    {"NORMAL:-VERS-TLS-ALL:+VERS-TLS1.2", "SCRAM-SHA-1-PLUS", ChannelBinding::Kind::kTlsUnique},
    {"NORMAL:-VERS-TLS-ALL:+VERS-TLS1.3", "SCRAM-SHA-256-PLUS", ChannelBinding::Kind::kTlsExporter},
    {"NORMAL:-VERS-TLS-ALL:+VERS-TLS1.3", "SCRAM-SHA-1-PLUS", ChannelBinding::Kind::kTlsExporter},
};

TEST(ChannelBindingTlsTest, PlusMechanismsLogIn) {
  for (const Case& c : kCases) {
    Outcome outcome = RunOverTls(c.priorities, c.mechanism, false);
    EXPECT_TRUE(outcome.client) << c.priorities << " " << c.mechanism << ": "
                                << outcome.client.error().message;
    EXPECT_TRUE(outcome.accepted) << c.priorities << " " << c.mechanism;
    ASSERT_TRUE(outcome.client_binding) << c.priorities;
    EXPECT_EQ(outcome.client_binding->kind, c.kind) << c.priorities;
  }
}

TEST(ChannelBindingTlsTest, MismatchFails) {
  for (const Case& c : kCases) {
    Outcome outcome = RunOverTls(c.priorities, c.mechanism, true);
    ASSERT_FALSE(outcome.client) << c.priorities << " " << c.mechanism;
    EXPECT_EQ(outcome.client.error().code, ExitCode::kNoPerm) << outcome.client.error().message;
    EXPECT_EQ(outcome.client.error().message,
              "POP3 server rejected AUTH " + c.mechanism +
                  ": \"-ERR [AUTH] Authentication failed.\" (the credentials were rejected; "
                  "check the user name and password)");
    EXPECT_FALSE(outcome.accepted);
  }
}

}  // namespace
}  // namespace mpop::auth
