// TLS on real sockets with our client (net::TlsContext) on the other end: STLS with
// injected plaintext in the accept loop, implicit TLS with close_notify after QUIT, and a
// failed handshake that is logged and ends only its own connection.

#include "server/server_tls.hpp"

#include <gtest/gtest.h>
#include <sys/socket.h>

#include <filesystem>
#include <future>
#include <mutex>
#include <optional>
#include <thread>

#include "net/gnutls_library.hpp"
#include "net/tls_context.hpp"
#include "server/authenticator.hpp"
#include "server/gatekeeper.hpp"
#include "server/log.hpp"
#include "server/server.hpp"
#include "server/session.hpp"
#include "support/loopback.hpp"
#include "support/temp_dir.hpp"
#include "support/tls_certs.hpp"

namespace mpop::server {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

class LinesLog final : public Log {
 public:
  void Write(LogLevel level, std::string_view message) override {
    std::lock_guard lock(mutex_);
    lines_.push_back(std::string(level == LogLevel::kInfo ? "info: " : "error: ") +
                     std::string(message));
  }
  std::vector<std::string> lines() const {
    std::lock_guard lock(mutex_);
    return lines_;
  }
  bool Has(const std::string& line) const {
    const std::vector<std::string> all = lines();
    return std::find(all.begin(), all.end(), line) != all.end();
  }

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> lines_;
};

// Reads lines ("...\r\n" each) through transport until one equals `last` or the stream
// ends; returns them joined.
std::string ReadUntil(Transport& transport, std::string_view last) {
  std::string text;
  char c;
  for (;;) {
    Result<std::size_t> n = transport.ReadSome({&c, 1});
    if (!n || *n == 0) return text;
    text += c;
    if (text.ends_with(std::string(last) + "\r\n") &&
        (text.size() == last.size() + 2 || text[text.size() - last.size() - 3] == '\n')) {
      return text;
    }
  }
}

class ServerTlsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    library_ = new net::GnutlsLibrary(std::move(net::GnutlsLibrary::Init().value()));
    certs_ = new mpop::testing::TestCertificates();
  }
  static void TearDownTestSuite() {
    delete certs_;
    delete library_;
  }

  void SetUp() override {
    maildir_ = dir_.File("md");
    mpop::testing::MakeMaildir(maildir_);
    mpop::testing::WriteFile(maildir_ + "/new/m1", "Subject: one\n\nbody\n");
    std::vector<MailboxAccount> accounts;
    accounts.push_back({"alice", auth::SecretString(std::string_view("pw")), maildir_});
    authenticator_ = std::make_unique<Authenticator>(std::move(accounts));
    auto context = net::TlsServerContext::Create(*library_, certs_->Path("server.crt"),
                                                 certs_->Path("server.key"));
    ASSERT_TRUE(context.has_value()) << context.error().message;
    context_.emplace(std::move(*context));
  }

  void StartServer(bool implicit) {
    Result<net::Listener> listener = net::Listener::OpenLoopback();
    ASSERT_TRUE(listener.has_value()) << listener.error().message;
    port_ = listener->port();
    server_ = std::make_unique<Server>(ServerLimits{}, *authenticator_, throttle_, log_, nullptr,
                                       ServerTls{&*context_, implicit});
    Result<net::AbortSource> stop = net::AbortSource::Create();
    ASSERT_TRUE(stop.has_value()) << stop.error().message;
    stop_.emplace(std::move(*stop));
    thread_ = std::thread([this, l = std::move(*listener)]() mutable {
      EXPECT_TRUE(server_->Run(std::move(l), stop_->signal()).has_value());
    });
  }
  void TearDown() override {
    if (!thread_.joinable()) return;
    stop_->Trigger();
    thread_.join();
  }

  std::unique_ptr<net::FdTransport> Connect() {
    Result<UniqueFd> fd = mpop::testing::ConnectLoopback(static_cast<uint16_t>(port_));
    EXPECT_TRUE(fd.has_value());
    return std::make_unique<net::FdTransport>(fd ? std::move(*fd) : UniqueFd(), seconds(10));
  }
  static Result<std::unique_ptr<net::TlsTransport>> ClientTls(net::FdTransport& transport) {
    net::TlsOptions options;
    options.host = "localhost";
    options.trust_file = certs_->Path("ca.crt");
    return net::StartTls(*library_, transport, options);
  }

  static net::GnutlsLibrary* library_;
  static mpop::testing::TestCertificates* certs_;
  mpop::testing::ScopedTempDir dir_;
  std::string maildir_;
  std::unique_ptr<Authenticator> authenticator_;
  std::optional<net::TlsServerContext> context_;
  AuthThrottle throttle_{{}};
  LinesLog log_;
  int port_ = 0;
  std::unique_ptr<Server> server_;
  std::optional<net::AbortSource> stop_;
  std::thread thread_;
};

net::GnutlsLibrary* ServerTlsTest::library_ = nullptr;
mpop::testing::TestCertificates* ServerTlsTest::certs_ = nullptr;

TEST_F(ServerTlsTest, StlsDiscardsInjectedPlaintextAndLogsInInsideTls) {
  StartServer(false);
  std::unique_ptr<net::FdTransport> socket = Connect();
  EXPECT_EQ(ReadUntil(*socket, "+OK mpopd ready."), "+OK mpopd ready.\r\n");
  // One write: the STLS and, after it, what a man in the middle would inject.
  ASSERT_TRUE(socket->WriteAll("STLS\r\nUSER alice\r\nPASS pw\r\nDELE 1\r\nQUIT\r\n"));
  EXPECT_EQ(ReadUntil(*socket, "+OK begin TLS negotiation"), "+OK begin TLS negotiation\r\n");
  auto tls = ClientTls(*socket);
  ASSERT_TRUE(tls.has_value()) << tls.error().message;
  // Had the injected commands run, this PASS would follow a USER and QUIT would delete.
  ASSERT_TRUE((*tls)->WriteAll("PASS pw\r\nUSER alice\r\nPASS pw\r\nSTAT\r\nQUIT\r\n"));
  EXPECT_EQ(ReadUntil(**tls, "+OK mpopd signing off (0 messages deleted)"),
            "-ERR send USER first\r\n+OK send PASS\r\n+OK 1 messages (22 octets)\r\n"
            "+OK 1 22\r\n+OK mpopd signing off (0 messages deleted)\r\n");
  char c;
  Result<std::size_t> end = (*tls)->ReadSome({&c, 1});
  ASSERT_TRUE(end.has_value()) << end.error().message;
  EXPECT_EQ(*end, 0u);
  EXPECT_TRUE(std::filesystem::exists(maildir_ + "/new/m1"));
}

TEST_F(ServerTlsTest, FailedHandshakeIsLoggedAndEndsOnlyItsConnection) {
  StartServer(true);
  std::unique_ptr<net::FdTransport> plain = Connect();
  ASSERT_TRUE(plain->WriteAll("CAPA\r\n"));
  char c;
  Result<std::size_t> n = plain->ReadSome({&c, 1});
  // GnuTLS may answer with an alert before closing; then the end of the stream.
  while (n && *n > 0) n = plain->ReadSome({&c, 1});
  std::unique_ptr<net::FdTransport> socket = Connect();
  auto tls = ClientTls(*socket);
  ASSERT_TRUE(tls.has_value()) << tls.error().message;
  EXPECT_EQ(ReadUntil(**tls, "+OK mpopd ready."), "+OK mpopd ready.\r\n");
  ASSERT_TRUE((*tls)->WriteAll("QUIT\r\n"));
  EXPECT_EQ(ReadUntil(**tls, "+OK mpopd signing off"), "+OK mpopd signing off\r\n");
  EXPECT_TRUE(log_.Has("error: TLS handshake failed: the client sent text ('CAPA') instead of TLS"))
      << ::testing::PrintToString(log_.lines());
  EXPECT_TRUE(log_.Has("info: TLS started: TLS1.3")) << ::testing::PrintToString(log_.lines());
}

// ServeSocket on one end of a socketpair, whose socket stays open after the session until
// the client is done: the client can only see the end of the stream by close_notify.
TEST_F(ServerTlsTest, ImplicitTlsGreetsInsideTlsAndEndsWithCloseNotify) {
  int fds[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
  net::FdTransport client_socket(UniqueFd(fds[0]), seconds(5));
  std::promise<void> client_done;
  std::future<ConnectionEnd> server = std::async(std::launch::async, [&] {
    net::FdTransport socket(UniqueFd(fds[1]), seconds(10));
    StopSignal sleeper;
    ThrottledGatekeeper gatekeeper(*authenticator_, throttle_, sleeper, "local");
    Session session(gatekeeper, log_, nullptr);
    ConnectionOutcome outcome = ServeSocket(socket, session, {&*context_, true}, log_);
    client_done.get_future().wait();
    return outcome.end;
  });
  auto tls = ClientTls(client_socket);
  ASSERT_TRUE(tls.has_value()) << tls.error().message;
  EXPECT_EQ(ReadUntil(**tls, "+OK mpopd ready."), "+OK mpopd ready.\r\n");
  ASSERT_TRUE((*tls)->WriteAll("CAPA\r\nSTLS\r\nQUIT\r\n"));
  EXPECT_EQ(ReadUntil(**tls, "+OK mpopd signing off"),
            "+OK capability list follows\r\nTOP\r\nUIDL\r\nUSER\r\nPIPELINING\r\nRESP-CODES\r\n"
            "AUTH-RESP-CODE\r\nIMPLEMENTATION mpopd\r\n.\r\n-ERR already using TLS\r\n"
            "+OK mpopd signing off\r\n");
  char c;
  Result<std::size_t> end = (*tls)->ReadSome({&c, 1});
  client_done.set_value();
  ASSERT_TRUE(end.has_value()) << end.error().message;
  EXPECT_EQ(*end, 0u);
  EXPECT_EQ(server.get(), ConnectionEnd::kQuit);
}

}  // namespace
}  // namespace mpop::server
