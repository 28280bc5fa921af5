// A test-only driver that runs pop3::Session over TlsTransport against a real Dovecot,
// following the wiring the client needs (see tls_context.hpp and the integrator notes in
// the TLS issue): STLS after CAPA with the anti-injection check, handshake, SwitchTransport,
// CAPA again inside TLS; and TLS from the first byte on the pop3s port.

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "net/connect.hpp"
#include "net/gnutls_library.hpp"
#include "net/tls_context.hpp"
#include "pop3/session.hpp"
#include "support/dovecot_server.hpp"
#include "support/mail_factory.hpp"
#include "support/process.hpp"

namespace mpop::net {
namespace {

using mpop::testing::DovecotServer;
using mpop::testing::MakeMails;

class BodyCollector : public pop3::ReplyHandler {
 public:
  explicit BodyCollector(std::vector<std::string>& bodies) : bodies_(bodies) {}
  Status OnReply(const pop3::Reply& reply) override {
    if (!reply.ok) return Error::Protocol("RETR failed");
    bodies_.emplace_back();
    return {};
  }
  Status OnData(std::string_view chunk) override {
    bodies_.back() += chunk;
    return {};
  }

 private:
  std::vector<std::string>& bodies_;
};

struct Fetched {
  pop3::Capabilities capabilities_before;  // plain-text CAPA (STARTTLS only)
  pop3::Capabilities capabilities_in_tls;
  std::vector<std::string> bodies;
  TlsInfo info;
};

// The steps of doc/COMPAT.md 1.1 (3, 4, 5, 6) with TLS, then USER/PASS and pipelined RETRs.
Result<Fetched> Fetch(const GnutlsLibrary& library, int port, bool starttls,
                      const TlsOptions& tls_options) {
  Fetched fetched;
  // Load files before connecting: a bad trust file fails without touching the network.
  auto context = TlsContext::Create(library, tls_options);
  if (!context) return std::move(context).error();
  ConnectOptions connect_options;
  connect_options.host = "127.0.0.1";
  connect_options.port = port;
  connect_options.timeout = std::chrono::seconds(10);
  connect_options.lookup_peer_name = false;
  auto connection = Connect(connect_options);
  if (!connection) return std::move(connection).error();
  std::unique_ptr<TlsTransport> tls;
  if (!starttls) {  // step 3: TLS before the greeting
    auto started = context->Start(*connection->transport);
    if (!started) return std::move(started).error();
    tls = std::move(*started);
  }
  Transport& first = tls ? static_cast<Transport&>(*tls) : *connection->transport;
  pop3::Session session(first, {.pipelining = false});
  auto greeting = session.ReadGreeting();
  if (!greeting) return std::move(greeting).error();
  auto capabilities = session.Capa();
  if (!capabilities) return std::move(capabilities).error();
  if (starttls) {  // step 6
    fetched.capabilities_before = *capabilities;
    if (capabilities->KnownMissing(capabilities->stls)) {
      return Error::Unavailable("the POP3 server does not support TLS via the STLS command");
    }
    MPOP_TRY(session.Stls());  // -ERR and injected bytes end here
    auto started = context->Start(*connection->transport);
    if (!started) return std::move(started).error();
    tls = std::move(*started);
    session.SwitchTransport(*tls);
    // Forget everything learned before TLS.
    capabilities = session.Capa();
    if (!capabilities) return std::move(capabilities).error();
  }
  fetched.capabilities_in_tls = *capabilities;
  auto info = tls->Info();
  if (!info) return std::move(info).error();
  fetched.info = *info;
  session.set_pipelining(capabilities->pipelining);
  MPOP_TRY(session.UserPass("alice", "alicepw"));
  auto stat = session.Stat();
  if (!stat) return std::move(stat).error();
  BodyCollector collector(fetched.bodies);
  for (long i = 1; i <= stat->count; ++i) MPOP_TRY(session.QueueRetr(i, collector));
  MPOP_TRY(session.Run());
  MPOP_TRY(session.Quit());
  (void)tls->Close();
  return fetched;
}

class TlsDovecotTest : public ::testing::Test {
 protected:
  void SetUp() override {
    mails_ = MakeMails(300, {});
    Status started = server_.Start({.users = {{"alice", "alicepw", mails_}}, .tls = true});
    if (!started && started.error().code == ExitCode::kUnavailable) {
      GTEST_SKIP() << started.error().message;
    }
    ASSERT_TRUE(started.has_value()) << started.error().message;
    library_.emplace(std::move(GnutlsLibrary::Init().value()));
  }
  TlsOptions Options() const {
    TlsOptions options;
    options.host = "localhost";
    options.trust_file = server_.ca_cert();
    return options;
  }

  std::vector<std::string> mails_;
  DovecotServer server_;
  std::optional<GnutlsLibrary> library_;
};

// Dovecot stores mails with LF line ends and may add nothing: compare bodies in LF form.
void ExpectSameMails(const std::vector<std::string>& got, const std::vector<std::string>& sent) {
  ASSERT_EQ(got.size(), sent.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    std::string expected = sent[i];
    std::erase(expected, '\r');
    std::string actual = got[i];
    std::erase(actual, '\r');
    EXPECT_EQ(actual, expected) << "mail " << i + 1;
  }
}

TEST_F(TlsDovecotTest, StarttlsAsksCapaAgainInsideTls) {
  auto fetched = Fetch(*library_, server_.pop3_port(), true, Options());
  ASSERT_TRUE(fetched.has_value()) << fetched.error().message;
  EXPECT_TRUE(fetched->capabilities_before.stls);
  EXPECT_FALSE(fetched->capabilities_in_tls.stls);
  EXPECT_TRUE(fetched->capabilities_in_tls.pipelining);
  EXPECT_EQ(fetched->info.subject_dn, "CN=localhost");
  EXPECT_EQ(fetched->info.issuer_dn, "CN=mpop test CA");
  ExpectSameMails(fetched->bodies, mails_);
}

TEST_F(TlsDovecotTest, Pop3sFromTheFirstByte) {
  auto fetched = Fetch(*library_, server_.pop3s_port(), false, Options());
  ASSERT_TRUE(fetched.has_value()) << fetched.error().message;
  EXPECT_FALSE(fetched->capabilities_in_tls.stls);
  ExpectSameMails(fetched->bodies, mails_);
}

TEST_F(TlsDovecotTest, ClientCertificateIsAccepted) {
  TlsOptions options = Options();
  options.cert_file = server_.client_cert();
  options.key_file = server_.client_key();
  auto fetched = Fetch(*library_, server_.pop3s_port(), false, options);
  ASSERT_TRUE(fetched.has_value()) << fetched.error().message;
}

TEST_F(TlsDovecotTest, WrongModeGetsAHint) {
  // tls_starttls off against the STARTTLS port: Dovecot greets in plain text.
  auto fetched = Fetch(*library_, server_.pop3_port(), false, Options());
  ASSERT_FALSE(fetched.has_value());
  EXPECT_EQ(fetched.error().code, ExitCode::kProtocol);
  EXPECT_TRUE(fetched.error().message.ends_with(
      "instead of TLS: the server expects STARTTLS (port 110?): set tls_starttls on"))
      << fetched.error().message;
}

TEST_F(TlsDovecotTest, WrongHostIsRefusedBeforeAnyCommand) {
  TlsOptions options = Options();
  options.host_override = "pop.example.org";
  auto fetched = Fetch(*library_, server_.pop3s_port(), false, options);
  ASSERT_FALSE(fetched.has_value());
  EXPECT_EQ(fetched.error(),
            Error::Unavailable("TLS certificate verification failed: the certificate owner does "
                               "not match hostname pop.example.org"));
}

}  // namespace
}  // namespace mpop::net
