// The connection loop and STLS with a fake TLS starter: replies switch transports at the
// right byte, bytes pipelined after STLS are discarded in any pieces, and a failed
// handshake ends the connection.

#include <gtest/gtest.h>

#include <filesystem>

#include "server/connection.hpp"
#include "server/gatekeeper.hpp"
#include "server/log.hpp"
#include "server/session.hpp"
#include "support/temp_dir.hpp"

namespace mpop::server {
namespace {

// Hands its input out in pieces of `chunk` bytes, then end of stream; records writes.
class PieceTransport final : public Transport {
 public:
  PieceTransport(std::string input, std::size_t chunk) : input_(std::move(input)), chunk_(chunk) {}
  Result<std::size_t> ReadSome(std::span<char> buffer) override {
    std::size_t n = std::min({buffer.size(), chunk_, input_.size() - position_});
    input_.copy(buffer.data(), n, position_);
    position_ += n;
    return n;
  }
  Result<std::size_t> WriteSome(std::string_view bytes) override {
    written.append(bytes);
    return bytes.size();
  }
  Result<Readiness> Wait(bool) override { return Readiness{true, true}; }

  std::string written;

 private:
  std::string input_;
  std::size_t position_ = 0;
  std::size_t chunk_;
};

class FakeStarter final : public TlsStarter {
 public:
  explicit FakeStarter(Transport* secure) : secure_(secure) {}
  Result<Started> StartTls() override {
    ++starts;
    if (secure_ == nullptr) {
      return Error::Protocol("TLS handshake failed: the client closed the connection");
    }
    return Started{secure_, net::ChannelBinding{net::ChannelBindingType::kTlsExporter, "cb"}};
  }
  int starts = 0;

 private:
  Transport* secure_;
};

class AnyPassword final : public Gatekeeper {
 public:
  explicit AnyPassword(std::string maildir) : maildir_(std::move(maildir)) {}
  std::optional<std::string> Admit(std::string_view, std::string_view) override {
    ++admits;
    return maildir_;
  }
  int admits = 0;

 private:
  std::string maildir_;
};

class ConnectionTlsTest : public ::testing::Test {
 protected:
  void SetUp() override { mpop::testing::MakeMaildir(dir_.File("md")); }
  mpop::testing::ScopedTempDir dir_;
  AnyPassword gate_{dir_.File("md")};
  NullLog log_;
};

TEST_F(ConnectionTlsTest, InjectedCommandsAfterStlsAreDiscarded) {
  // An attacker appends USER/PASS/DELE to the client's STLS: they must never run, neither
  // in plaintext nor as if they had come through TLS.
  const std::string plain_input = "CAPA\r\nSTLS\r\nUSER mallory\r\nPASS x\r\nDELE 1\r\n";
  for (std::size_t chunk : {1, 2, 3, 7, 1000}) {
    SCOPED_TRACE(chunk);
    PieceTransport plain(plain_input, chunk);
    PieceTransport secure("CAPA\r\nQUIT\r\n", chunk);
    FakeStarter starter(&secure);
    Session session(gate_, log_);
    session.OfferTls();
    ConnectionOutcome outcome = RunConnection(plain, session, kMaxCommandLine, &starter);
    EXPECT_EQ(outcome.end, ConnectionEnd::kQuit);
    EXPECT_EQ(starter.starts, 1);
    EXPECT_EQ(plain.written,
              "+OK mpopd ready.\r\n+OK capability list follows\r\nTOP\r\nUIDL\r\nPIPELINING\r\n"
              "RESP-CODES\r\nAUTH-RESP-CODE\r\nSTLS\r\nIMPLEMENTATION mpopd\r\n.\r\n"
              "+OK begin TLS negotiation\r\n");
    EXPECT_EQ(secure.written,
              "+OK capability list follows\r\nTOP\r\nUIDL\r\nUSER\r\nPIPELINING\r\n"
              "RESP-CODES\r\nAUTH-RESP-CODE\r\nIMPLEMENTATION mpopd\r\n.\r\n"
              "+OK mpopd signing off\r\n");
    EXPECT_EQ(gate_.admits, 0);
  }
}

TEST_F(ConnectionTlsTest, LoginInsideTls) {
  PieceTransport plain("STLS\r\n", 1000);
  PieceTransport secure("USER alice\r\nPASS pw\r\nSTAT\r\nQUIT\r\n", 1000);
  FakeStarter starter(&secure);
  Session session(gate_, log_);
  session.OfferTls();
  EXPECT_EQ(RunConnection(plain, session, kMaxCommandLine, &starter).end, ConnectionEnd::kQuit);
  EXPECT_EQ(secure.written,
            "+OK send PASS\r\n+OK 0 messages (0 octets)\r\n+OK 0 0\r\n"
            "+OK mpopd signing off (0 messages deleted)\r\n");
}

TEST_F(ConnectionTlsTest, FailedHandshakeEndsTheConnection) {
  PieceTransport plain("STLS\r\nQUIT\r\n", 1000);
  FakeStarter starter(nullptr);
  Session session(gate_, log_);
  session.OfferTls();
  ConnectionOutcome outcome = RunConnection(plain, session, kMaxCommandLine, &starter);
  EXPECT_EQ(outcome.end, ConnectionEnd::kTlsFailed);
  EXPECT_EQ(outcome.detail, "TLS handshake failed: the client closed the connection");
  EXPECT_EQ(plain.written, "+OK mpopd ready.\r\n+OK begin TLS negotiation\r\n");
}

}  // namespace
}  // namespace mpop::server
