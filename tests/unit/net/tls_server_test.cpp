// TlsServerContext: mpopd's end of TLS, against our own client (TlsContext) over a
// socketpair: data both ways, the same channel binding on both ends (TLS 1.3 and 1.2),
// close_notify, the idle timeout during the handshake, and clients that do not speak TLS.

#include "net/tls_server.hpp"

#include <gtest/gtest.h>
#include <sys/socket.h>

#include <future>
#include <string>
#include <thread>

#include "unit/net/tls_test_util.hpp"

namespace mpop::net::testing {
namespace {

using std::chrono::milliseconds;

class TlsServerTest : public TlsTest {
 protected:
  TlsServerContext Context() {
    auto context =
        TlsServerContext::Create(*library_, certs_->Path("server.crt"), certs_->Path("server.key"));
    EXPECT_TRUE(context.has_value()) << context.error().message;
    return std::move(*context);
  }
};

// Reads until `count` bytes or end of stream.
std::string ReadBytes(Transport& transport, std::size_t count) {
  std::string text;
  char buffer[256];
  while (text.size() < count) {
    auto n = transport.ReadSome({buffer, std::min(sizeof buffer, count - text.size())});
    if (!n || *n == 0) break;
    text.append(buffer, *n);
  }
  return text;
}

struct ClientEnd {
  std::optional<ChannelBinding> binding;
  std::string protocol;
  std::string received;
  std::string error;
  bool saw_end = false;
};

// Our client: handshake, sends "hello\n", reads 6 bytes, then waits for the end of stream.
ClientEnd RunClient(const GnutlsLibrary& library, FdTransport& transport, TlsOptions options) {
  ClientEnd end;
  auto tls = StartTls(library, transport, options);
  if (!tls) {
    end.error = tls.error().message;
    return end;
  }
  end.binding = (*tls)->channel_binding();
  end.protocol = (*tls)->protocol_version();
  if (Status s = (*tls)->WriteAll("hello\n"); !s) end.error = s.error().message;
  end.received = ReadBytes(**tls, 6);
  char c;
  auto n = (*tls)->ReadSome({&c, 1});
  end.saw_end = n && *n == 0;
  if (!n) end.error = n.error().message;
  return end;
}

TEST_F(TlsServerTest, OurClientTalksToOurServerWithMatchingChannelBinding) {
  struct Case {
    std::string priorities;
    std::string protocol;
    ChannelBindingType type;
    std::size_t size;
  } cases[] = {
      {"", "TLS1.3", ChannelBindingType::kTlsExporter, 32},
      {"NORMAL:-VERS-TLS1.3", "TLS1.2", ChannelBindingType::kTlsUnique, 12},
  };
  TlsServerContext context = Context();
  for (const Case& c : cases) {
    SCOPED_TRACE(c.protocol);
    SocketPair pair = MakeSocketPair();
    TlsOptions options = TrustCa();
    options.priorities = c.priorities;
    std::future<ClientEnd> client =
        std::async(std::launch::async, [&] { return RunClient(*library_, *pair.client, options); });
    FdTransport server_socket(std::move(pair.server), std::chrono::seconds(10));
    auto tls = context.Start(server_socket);
    ASSERT_TRUE(tls.has_value()) << tls.error().message;
    EXPECT_EQ(ReadBytes(**tls, 6), "hello\n");
    ASSERT_TRUE((*tls)->WriteAll("world\n").has_value());
    // close_notify while the socket stays open: the client sees the end of the stream only
    // because of it (without it, the client would wait for its time-out).
    ASSERT_TRUE((*tls)->Close().has_value());
    ClientEnd end = client.get();
    EXPECT_EQ(end.error, "");
    EXPECT_EQ(end.received, "world\n");
    EXPECT_TRUE(end.saw_end);
    EXPECT_EQ(end.protocol, c.protocol);
    EXPECT_EQ((*tls)->protocol_version(), c.protocol);
    std::optional<ChannelBinding> server_binding = (*tls)->channel_binding();
    ASSERT_TRUE(server_binding.has_value());
    EXPECT_EQ(server_binding->type, c.type);
    EXPECT_EQ(server_binding->data.size(), c.size);
    ASSERT_TRUE(end.binding.has_value());
    EXPECT_EQ(*end.binding, *server_binding);
  }
}

TEST_F(TlsServerTest, SilentClientTimesOutDuringTheHandshake) {
  TlsServerContext context = Context();
  SocketPair pair = MakeSocketPair();
  FdTransport server_socket(std::move(pair.server), milliseconds(200));
  auto tls = context.Start(server_socket);
  ASSERT_FALSE(tls.has_value());
  EXPECT_EQ(tls.error().code, ExitCode::kIoErr);
  EXPECT_EQ(tls.error().message,
            "TLS handshake failed: network read error: the operation timed out");
}

TEST_F(TlsServerTest, ClientsThatDoNotSpeakTls) {
  struct Case {
    std::string sent;  // then the client closes its end
    std::string error;
  } cases[] = {
      {"", "TLS handshake failed: the client closed the connection"},
      {"CAPA\r\nUSER alice\r\n",
       "TLS handshake failed: the client sent text ('CAPA') instead of TLS"},
      // A hello record cut short: GnuTLS's own words.
      {std::string("\x16\x03\x01\x00\x05\x01\x00", 7),
       "TLS handshake failed: Error decoding the received TLS packet."},
  };
  TlsServerContext context = Context();
  for (const Case& c : cases) {
    SCOPED_TRACE(c.error);
    SocketPair pair = MakeSocketPair();
    if (!c.sent.empty()) {
      ASSERT_EQ(::send(pair.client->fd(), c.sent.data(), c.sent.size(), 0),
                static_cast<ssize_t>(c.sent.size()));
    }
    ::shutdown(pair.client->fd(), SHUT_WR);
    FdTransport server_socket(std::move(pair.server), std::chrono::seconds(10));
    auto tls = context.Start(server_socket);
    ASSERT_FALSE(tls.has_value());
    EXPECT_EQ(tls.error().code, ExitCode::kProtocol);
    EXPECT_EQ(tls.error().message, c.error);
  }
}

TEST_F(TlsServerTest, BadFilesAreReportedWhenLoading) {
  const std::string missing = certs_->Path("missing.crt");
  struct Case {
    std::string cert;
    std::string key;
    std::string error;
  } cases[] = {
      {missing, certs_->Path("server.key"),
       "cannot load TLS certificate " + missing + " with key " + certs_->Path("server.key") + ": " +
           missing + ": No such file or directory"},
      {certs_->Path("server.crt"), missing,
       "cannot load TLS certificate " + certs_->Path("server.crt") + " with key " + missing + ": " +
           missing + ": No such file or directory"},
      {certs_->Path("server.crt"), certs_->Path("client.key"),
       "cannot load TLS certificate " + certs_->Path("server.crt") + " with key " +
           certs_->Path("client.key") + ": The certificate and the given key do not match."},
  };
  for (const Case& c : cases) {
    auto context = TlsServerContext::Create(*library_, c.cert, c.key);
    ASSERT_FALSE(context.has_value());
    EXPECT_EQ(context.error().code, ExitCode::kNoInput);
    EXPECT_EQ(context.error().message, c.error);
  }
}

}  // namespace
}  // namespace mpop::net::testing
