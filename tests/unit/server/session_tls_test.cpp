// The session with TLS configured (RFC 2595): what CAPA and AUTH offer before and inside
// TLS, passwords refused before it, STLS in every state, and SCRAM-SHA-256-PLUS through
// GNU SASL's client side with matching and mismatching channel bindings.

#include <gsasl.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "server/gatekeeper.hpp"
#include "server/log.hpp"
#include "server/output.hpp"
#include "server/sasl_server.hpp"
#include "server/session.hpp"
#include "support/temp_dir.hpp"

namespace mpop::server {
namespace {

using net::ChannelBinding;
using net::ChannelBindingType;

// alice / "secret pw", for both ways in.
class AliceGate final : public Gatekeeper {
 public:
  explicit AliceGate(std::string maildir) : maildir_(std::move(maildir)) {}
  std::optional<std::string> Admit(std::string_view user, std::string_view password) override {
    ++admits;
    if (user != "alice" || password != "secret pw") return std::nullopt;
    return maildir_;
  }
  std::optional<MailboxSecret> Lookup(std::string_view user) override {
    if (user != "alice") return std::nullopt;
    return MailboxSecret{auth::SecretString(std::string_view("secret pw")), maildir_};
  }
  int admits = 0;

 private:
  std::string maildir_;
};

constexpr std::string_view kCapaBeforeTls =
    "+OK capability list follows\r\nTOP\r\nUIDL\r\nPIPELINING\r\nRESP-CODES\r\n"
    "AUTH-RESP-CODE\r\nSTLS\r\nIMPLEMENTATION mpopd\r\nSASL SCRAM-SHA-256\r\n.\r\n";
constexpr std::string_view kCapaInsideTls =
    "+OK capability list follows\r\nTOP\r\nUIDL\r\nUSER\r\nPIPELINING\r\nRESP-CODES\r\n"
    "AUTH-RESP-CODE\r\nIMPLEMENTATION mpopd\r\nSASL SCRAM-SHA-256-PLUS SCRAM-SHA-256 "
    "PLAIN\r\n.\r\n";
// base64 of "\0alice\0secret pw".
constexpr std::string_view kPlainAlice = "AGFsaWNlAHNlY3JldCBwdw==";

const ChannelBinding kExporter{ChannelBindingType::kTlsExporter, std::string(32, '\x42')};

class SessionTlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    maildir_ = dir_.File("md");
    mpop::testing::MakeMaildir(maildir_);
    Result<std::unique_ptr<SaslLibrary>> sasl = SaslLibrary::Init();
    ASSERT_TRUE(sasl.has_value()) << sasl.error().message;
    sasl_ = std::move(*sasl);
    ASSERT_TRUE(sasl_->Offers("SCRAM-SHA-256-PLUS")) << sasl_->mechanisms();
  }

  // One line in; the reply and what Handle() returned.
  std::pair<std::string, Session::Next> Send(Session& session, const std::string& line) {
    StringOutput out;
    Result<Session::Next> next = session.Handle(line, out);
    EXPECT_TRUE(next.has_value()) << line;
    return {out.text, next ? *next : Session::Next::kClose};
  }
  std::string Reply(Session& session, const std::string& line) { return Send(session, line).first; }

  mpop::testing::ScopedTempDir dir_;
  std::string maildir_;
  AliceGate gate_{dir_.File("md")};
  NullLog log_;
  std::unique_ptr<SaslLibrary> sasl_;
};

TEST_F(SessionTlsTest, BeforeTlsNoPasswordIsAccepted) {
  Session session(gate_, log_, sasl_.get());
  session.OfferTls();
  struct Case {
    std::string line;
    std::string reply;
  } cases[] = {
      {"CAPA", std::string(kCapaBeforeTls)},
      {"USER alice", "-ERR TLS required: use STLS first\r\n"},
      {"PASS secret pw", "-ERR send USER first\r\n"},
      {"AUTH PLAIN " + std::string(kPlainAlice), "-ERR TLS required: use STLS first\r\n"},
      {"AUTH plain", "-ERR TLS required: use STLS first\r\n"},
      {"AUTH SCRAM-SHA-256-PLUS", "-ERR TLS required: use STLS first\r\n"},
      {"AUTH CRAM-MD5", "-ERR unsupported authentication mechanism\r\n"},
      {"AUTH", "+OK SASL mechanisms follow\r\nSCRAM-SHA-256\r\n.\r\n"},
      {"STAT", "-ERR log in first (USER and PASS)\r\n"},
      {"STLS now", "-ERR usage: STLS\r\n"},
  };
  for (const Case& c : cases) EXPECT_EQ(Reply(session, c.line), c.reply) << c.line;
  EXPECT_EQ(gate_.admits, 0);  // no password was even looked at
  EXPECT_EQ(session.state(), Session::State::kAuthorization);
}

TEST_F(SessionTlsTest, StlsThenEverythingIsOffered) {
  Session session(gate_, log_, sasl_.get());
  session.OfferTls();
  auto [reply, next] = Send(session, "stls");
  EXPECT_EQ(reply, "+OK begin TLS negotiation\r\n");
  EXPECT_EQ(next, Session::Next::kStartTls);
  session.TlsStarted(kExporter);
  EXPECT_EQ(Reply(session, "CAPA"), kCapaInsideTls);
  EXPECT_EQ(Reply(session, "AUTH"),
            "+OK SASL mechanisms follow\r\nSCRAM-SHA-256-PLUS\r\nSCRAM-SHA-256\r\nPLAIN\r\n.\r\n");
  EXPECT_EQ(Send(session, "STLS"),
            std::make_pair(std::string("-ERR already using TLS\r\n"), Session::Next::kContinue));
  EXPECT_EQ(Reply(session, "USER alice"), "+OK send PASS\r\n");
  EXPECT_EQ(Reply(session, "PASS secret pw"), "+OK 0 messages (0 octets)\r\n");
  EXPECT_EQ(Reply(session, "STLS"), "-ERR already using TLS\r\n");
  // In TRANSACTION, CAPA lists no STLS either.
  EXPECT_EQ(Reply(session, "CAPA"), kCapaInsideTls);
}

TEST_F(SessionTlsTest, PlainInsideTls) {
  Session session(gate_, log_, sasl_.get());
  session.OfferTls();
  Send(session, "STLS");
  session.TlsStarted(kExporter);
  EXPECT_EQ(Reply(session, "AUTH PLAIN " + std::string(kPlainAlice)),
            "+OK 0 messages (0 octets)\r\n");
}

TEST_F(SessionTlsTest, ImplicitTlsOffersNoStls) {
  Session session(gate_, log_, sasl_.get());
  session.TlsStarted(kExporter);
  EXPECT_EQ(Reply(session, "CAPA"), kCapaInsideTls);
  EXPECT_EQ(Reply(session, "STLS"), "-ERR already using TLS\r\n");
}

TEST_F(SessionTlsTest, WithoutTlsConfiguredNothingChanges) {
  Session session(gate_, log_, sasl_.get());
  EXPECT_EQ(Reply(session, "STLS"), "-ERR unknown command\r\n");
  EXPECT_EQ(Reply(session, "AUTH SCRAM-SHA-256-PLUS"),
            "-ERR unsupported authentication mechanism\r\n");
  EXPECT_EQ(Reply(session, "AUTH"),
            "+OK SASL mechanisms follow\r\nSCRAM-SHA-256\r\nPLAIN\r\n.\r\n");
}

// SCRAM through GNU SASL's client side; the client's channel binding may differ from the
// session's.
class ScramPlusTest : public SessionTlsTest {
 protected:
  void SetUp() override {
    SessionTlsTest::SetUp();
    ASSERT_EQ(gsasl_init(&client_), GSASL_OK);
    gsasl_callback_set(client_, &ScramPlusTest::ClientCallback);
  }
  void TearDown() override { gsasl_done(client_); }

  static int ClientCallback(Gsasl*, Gsasl_session* session, Gsasl_property property) {
    auto* self = static_cast<ScramPlusTest*>(gsasl_session_hook_get(session));
    if (property == GSASL_AUTHID) return gsasl_property_set(session, property, "alice");
    if (property == GSASL_PASSWORD) return gsasl_property_set(session, property, "secret pw");
    if (self->binding_ && property == self->binding_property_) {
      return gsasl_property_set(session, property, self->binding_base64_.c_str());
    }
    return GSASL_NO_CALLBACK;
  }

  // The client's view of the binding (nullopt: it has none).
  void ClientBinding(std::optional<ChannelBinding> binding) {
    binding_ = std::move(binding);
    if (!binding_) return;
    binding_property_ = binding_->type == ChannelBindingType::kTlsUnique ? GSASL_CB_TLS_UNIQUE
                                                                         : GSASL_CB_TLS_EXPORTER;
    char* base64 = nullptr;
    std::size_t length = 0;
    ASSERT_EQ(gsasl_base64_to(binding_->data.data(), binding_->data.size(), &base64, &length),
              GSASL_OK);
    binding_base64_ = base64;
    gsasl_free(base64);
  }

  // Runs the whole exchange; returns the final reply line.
  std::string Login(Session& session, const std::string& mechanism) {
    Gsasl_session* client = nullptr;
    EXPECT_EQ(gsasl_client_start(client_, mechanism.c_str(), &client), GSASL_OK);
    gsasl_session_hook_set(client, this);
    char* first = nullptr;
    EXPECT_EQ(gsasl_step64(client, "", &first), GSASL_NEEDS_MORE);
    std::string line = "AUTH " + mechanism + " " + std::string(first != nullptr ? first : "");
    gsasl_free(first);
    std::string reply;
    for (int round = 0; round < 5; ++round) {
      reply = Reply(session, line);
      if (!reply.starts_with("+ ")) break;
      char* response = nullptr;
      const int rc = gsasl_step64(client, reply.substr(2, reply.size() - 4).c_str(), &response);
      line = response != nullptr ? response : "";
      gsasl_free(response);
      if (rc != GSASL_OK && rc != GSASL_NEEDS_MORE) line = "*";  // the client gives up
    }
    gsasl_finish(client);
    return reply;
  }

  Gsasl* client_ = nullptr;
  std::optional<ChannelBinding> binding_;
  Gsasl_property binding_property_ = GSASL_CB_TLS_EXPORTER;
  std::string binding_base64_;
};

TEST_F(ScramPlusTest, MatchingBindingLogsIn) {
  for (const ChannelBinding& binding :
       {kExporter, ChannelBinding{ChannelBindingType::kTlsUnique, "0123456789ab"}}) {
    SCOPED_TRACE(std::string(ChannelBindingName(binding.type)));
    Session session(gate_, log_, sasl_.get());
    session.TlsStarted(binding);
    ClientBinding(binding);
    EXPECT_EQ(Login(session, "SCRAM-SHA-256-PLUS"), "+OK 0 messages (0 octets)\r\n");
    EXPECT_EQ(session.state(), Session::State::kTransaction);
  }
}

TEST_F(ScramPlusTest, OtherBindingFails) {
  struct Case {
    std::string name;
    ChannelBinding client;
  } cases[] = {
      // A man in the middle: its TLS session with the client is another one.
      {"other data", {ChannelBindingType::kTlsExporter, std::string(32, '\x43')}},
      {"other type", {ChannelBindingType::kTlsUnique, std::string(32, '\x42')}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Session session(gate_, log_, sasl_.get());
    session.TlsStarted(kExporter);
    ClientBinding(c.client);
    EXPECT_EQ(Login(session, "SCRAM-SHA-256-PLUS"), "-ERR [AUTH] authentication failed\r\n");
    EXPECT_EQ(session.state(), Session::State::kAuthorization);
  }
}

TEST_F(ScramPlusTest, PlainScramStillWorksInsideAndBeforeTls) {
  ClientBinding(std::nullopt);
  {
    Session inside(gate_, log_, sasl_.get());
    inside.TlsStarted(kExporter);
    EXPECT_EQ(Login(inside, "SCRAM-SHA-256"), "+OK 0 messages (0 octets)\r\n");
  }
  Session before(gate_, log_, sasl_.get());
  before.OfferTls();
  EXPECT_EQ(Login(before, "SCRAM-SHA-256"), "+OK 0 messages (0 octets)\r\n");
  // Logged in without TLS (SCRAM sends no password): STLS is too late now.
  EXPECT_EQ(Reply(before, "STLS"), "-ERR STLS is only allowed before login\r\n");
  EXPECT_EQ(Reply(before, "QUIT"), "+OK mpopd signing off (0 messages deleted)\r\n");
}

// A client that can bind but believes we cannot ("y" in its GS2 header) while we offer
// -PLUS: someone removed -PLUS from our CAPA on the way (RFC 5802 6), so it must fail.
TEST_F(ScramPlusTest, DowngradeFromPlusIsDetected) {
  Session session(gate_, log_, sasl_.get());
  session.TlsStarted(kExporter);
  // base64 of "y,,n=alice,r=rOprNGfwEbeRWgbNEkqO".
  EXPECT_EQ(Reply(session, "AUTH SCRAM-SHA-256 eSwsbj1hbGljZSxyPXJPcHJOR2Z3RWJlUldnYk5Fa3FP"),
            "-ERR [AUTH] authentication failed\r\n");
  // The same without TLS is fine: we cannot bind there.
  Session plain(gate_, log_, sasl_.get());
  EXPECT_TRUE(Reply(plain, "AUTH SCRAM-SHA-256 eSwsbj1hbGljZSxyPXJPcHJOR2Z3RWJlUldnYk5Fa3FP")
                  .starts_with("+ "));
}

}  // namespace
}  // namespace mpop::server
