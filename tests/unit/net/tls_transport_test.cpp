#include "net/tls_transport.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <optional>
#include <string>
#include <thread>

#include "net/tls_fingerprint.hpp"
#include "support/process.hpp"
#include "unit/net/tls_test_util.hpp"

namespace mpop::net::testing {
namespace {

// Reads one line ("...\n") from a TLS transport through Wait/ReadSome.
std::string ReadLine(Transport& transport) {
  std::string line;
  char c;
  while (line.empty() || line.back() != '\n') {
    auto n = transport.ReadSome({&c, 1});
    if (!n || *n == 0) break;
    line += c;
  }
  return line;
}

// Echoes one line back, upper-case, then closes properly.
void EchoUpper(TlsServerEnd& end) {
  auto line = end.ReadLine();
  if (!line) return;
  for (char& c : *line) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  (void)end.Write(*line);
  end.Bye();
}

class TlsTransportTest : public TlsTest {};

TEST_F(TlsTransportTest, TrustedChainCarriesDataBothWays) {
  SocketPair pair = MakeSocketPair();
  ServerThread server(std::move(pair.server), Server("server"), EchoUpper);
  auto tls = StartTls(*library_, *pair.client, TrustCa());
  ASSERT_TRUE(tls.has_value()) << tls.error().message;
  EXPECT_EQ((*tls)->verification(), TlsVerification::kTrust);
  ASSERT_TRUE((*tls)->WriteAll("capa\r\n").has_value());
  EXPECT_EQ(ReadLine(**tls), "CAPA\r\n");
  char c;
  auto end = (*tls)->ReadSome({&c, 1});
  ASSERT_TRUE(end.has_value());
  EXPECT_EQ(*end, 0u);
  EXPECT_EQ(server.Join(), "");
}

TEST_F(TlsTransportTest, AddressAsHostMatchesIpSubjectAltName) {
  SocketPair pair = MakeSocketPair();
  ServerThread server(std::move(pair.server), Server("server"), EchoUpper);
  TlsOptions options = TrustCa();
  options.host = "127.0.0.1";
  auto tls = StartTls(*library_, *pair.client, options);
  ASSERT_TRUE(tls.has_value()) << tls.error().message;
}

// SNI is always sent: the host, or tls_host_override when set.
TEST_F(TlsTransportTest, ServerNameIndication) {
  struct Case {
    std::string host;
    std::optional<std::string> host_override;
    std::string certificate;
    std::string expected;
  } cases[] = {
      {"localhost", std::nullopt, "server", "localhost"},
      {"localhost", "other.example", "wrong_name", "other.example"},
      {"127.0.0.1", std::nullopt, "server", "127.0.0.1"},
  };
  for (const Case& c : cases) {
    SocketPair pair = MakeSocketPair();
    std::string sni;
    ServerThread server(std::move(pair.server), Server(c.certificate), [&](TlsServerEnd& end) {
      sni = end.ServerName();
      EchoUpper(end);
    });
    TlsOptions options = TrustCa();
    options.host = c.host;
    options.host_override = c.host_override;
    auto tls = StartTls(*library_, *pair.client, options);
    ASSERT_TRUE(tls.has_value()) << tls.error().message;
    ASSERT_TRUE((*tls)->WriteAll("a\n").has_value());
    EXPECT_EQ(ReadLine(**tls), "A\n");
    server.Join();
    EXPECT_EQ(sni, c.expected);
  }
}

TEST_F(TlsTransportTest, InternationalHostNameIsSentInAsciiForm) {
  SocketPair pair = MakeSocketPair();
  std::string sni;
  ServerThread server(std::move(pair.server), Server("server"), [&](TlsServerEnd& end) {
    sni = end.ServerName();
    EchoUpper(end);
  });
  TlsOptions options = TrustCa();
  options.host =
      "b\xc3\xbc"
      "cher.example";
  options.certcheck = false;
  auto tls = StartTls(*library_, *pair.client, options);
  ASSERT_TRUE(tls.has_value()) << tls.error().message;
  ASSERT_TRUE((*tls)->WriteAll("a\n").has_value());
  EXPECT_EQ(ReadLine(**tls), "A\n");
  server.Join();
  EXPECT_EQ(sni, "xn--bcher-kva.example");
}

TEST_F(TlsTransportTest, HostOverrideReplacesHostForVerification) {
  SocketPair pair = MakeSocketPair();
  ServerThread server(std::move(pair.server), Server("wrong_name"), EchoUpper);
  TlsOptions options = TrustCa();
  options.host_override = "other.example";
  auto tls = StartTls(*library_, *pair.client, options);
  ASSERT_TRUE(tls.has_value()) << tls.error().message;
}

// Each refusal: the exact message, kUnavailable, and the server received no data at all.
TEST_F(TlsTransportTest, RejectedCertificates) {
  struct Case {
    std::string server_cert;
    std::function<void(TlsOptions&)> configure;
    std::string finding;
  } cases[] = {
      {"self_signed", nullptr, "the certificate is self-signed and not trusted"},
      {"expired", nullptr, "the certificate has expired"},
      {"future", nullptr, "the certificate is not yet activated"},
      {"wrong_name", nullptr, "the certificate owner does not match hostname localhost"},
      {"server", [](TlsOptions& o) { o.host = "pop.example.org"; },
       "the certificate owner does not match hostname pop.example.org"},
      {"revoked", [](TlsOptions& o) { o.crl_file = certs_->Path("crl.pem"); },
       "the certificate has been revoked"},
      {"must_staple", nullptr,
       "the certificate requires a stapled OCSP response (must-staple), but the server sent "
       "none"},
      {"server", [](TlsOptions& o) { o.trust_file = certs_->Path("other_ca.crt"); },
       "the certificate issuer 'CN=mpop test CA' is not trusted"},
      {"server", [](TlsOptions& o) { o.trust_file = ""; },
       "the certificate issuer 'CN=mpop test CA' is not trusted"},
      {"server",
       [](TlsOptions& o) {
         o.fingerprint =
             FormatFingerprint(*CertificateDigest(Der("self_signed"), FingerprintType::kSha256));
       },
       "the certificate fingerprint does not match tls_fingerprint"},
      {"server",
       [](TlsOptions& o) {
         o.fingerprint =
             FormatFingerprint(*CertificateDigest(Der("expired"), FingerprintType::kSha1));
       },
       "the certificate fingerprint does not match tls_fingerprint"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.server_cert + ": " + c.finding);
    SocketPair pair = MakeSocketPair();
    std::atomic<bool> got_data{false};
    ServerThread server(std::move(pair.server), Server(c.server_cert), [&](TlsServerEnd& end) {
      auto data = end.Read();
      got_data = data.has_value() && !data->empty();
    });
    TlsOptions options = TrustCa();
    if (c.configure) c.configure(options);
    auto tls = StartTls(*library_, *pair.client, options);
    ASSERT_FALSE(tls.has_value());
    EXPECT_EQ(tls.error(), Error::Unavailable("TLS certificate verification failed: " + c.finding));
    pair.client.reset();
    server.Join();
    EXPECT_FALSE(got_data);
  }
}

// A DER OCSP response about certs/NAME.crt signed by the test CA ("good" or "revoked"),
// made with openssl; "" if openssl is missing.
std::string MakeOcspResponse(const mpop::testing::TestCertificates& certs, const std::string& name,
                             const std::string& status, const std::string& out) {
  mpop::testing::Command command;
  command.argv = {
      "/bin/sh",
      "-ec",
      "cd \"$0\"; cert=\"$1.crt\"; out=\"$3\"\n"
      "ser=$(openssl x509 -in \"$cert\" -noout -serial | cut -d= -f2)\n"
      "exp=$(date -u -d '+2 days' +%y%m%d%H%M%SZ); now=$(date -u -d '-1 hour' +%y%m%d%H%M%SZ)\n"
      "if [ \"$2\" = revoked ]; then printf 'R\\t%s\\t%s\\t%s\\tunknown\\t/CN=localhost\\n' "
      "\"$exp\" \"$now\" \"$ser\" > \"$out.index\"\n"
      "else printf 'V\\t%s\\t\\t%s\\tunknown\\t/CN=localhost\\n' \"$exp\" \"$ser\" > "
      "\"$out.index\"; fi\n"
      "openssl ocsp -issuer ca.crt -cert \"$cert\" -no_nonce -reqout \"$out.req\" >/dev/null 2>&1\n"
      "openssl ocsp -index \"$out.index\" -rsigner ca.crt -rkey ca.key -CA ca.crt -reqin "
      "\"$out.req\" -respout \"$out\" -ndays 1 >/dev/null 2>&1",
      std::filesystem::path(certs.Path("ca.crt")).parent_path().string(),
      name,
      status,
      out};
  auto made = mpop::testing::RunCommand(command);
  return made && made->ok() ? out : "";
}

// Stapled OCSP is checked by GnuTLS: a "revoked" response ends the handshake.
TEST_F(TlsTransportTest, StapledOcspResponseIsChecked) {
  if (::access("/usr/bin/openssl", X_OK) != 0) GTEST_SKIP() << "openssl is not installed";
  mpop::testing::ScopedTempDir dir;
  for (std::string status : {"good", "revoked"}) {
    SCOPED_TRACE(status);
    std::string response = MakeOcspResponse(*certs_, "server", status, dir.File(status + ".der"));
    ASSERT_FALSE(response.empty());
    SocketPair pair = MakeSocketPair();
    TlsServerOptions server_options = Server("server");
    server_options.ocsp_response_file = response;
    ServerThread server(std::move(pair.server), server_options, EchoUpper);
    auto tls = StartTls(*library_, *pair.client, TrustCa());
    if (status == "good") {
      ASSERT_TRUE(tls.has_value()) << tls.error().message;
      continue;
    }
    ASSERT_FALSE(tls.has_value());
    EXPECT_EQ(tls.error(), Error::Unavailable("TLS certificate verification failed: the "
                                              "certificate has been revoked"));
  }
}

TEST_F(TlsTransportTest, RevokedCertificateIsAcceptedWithoutCrl) {
  SocketPair pair = MakeSocketPair();
  ServerThread server(std::move(pair.server), Server("revoked"), EchoUpper);
  auto tls = StartTls(*library_, *pair.client, TrustCa());
  EXPECT_TRUE(tls.has_value());
}

// The fingerprint is the only check: an expired, self-signed certificate for another name
// passes when pinned, in every accepted spelling.
TEST_F(TlsTransportTest, FingerprintMatchIsTheOnlyCheck) {
  std::string der = Der("self_signed");
  std::string sha256 = FormatFingerprint(*CertificateDigest(der, FingerprintType::kSha256));
  std::string lower_spaced = sha256;
  for (char& c : lower_spaced) c = c == ':' ? ' ' : static_cast<char>(std::tolower(c));
  for (const std::string& fingerprint :
       {sha256, lower_spaced, FormatFingerprint(*CertificateDigest(der, FingerprintType::kSha1)),
        FormatFingerprint(*CertificateDigest(der, FingerprintType::kMd5))}) {
    SCOPED_TRACE(fingerprint);
    SocketPair pair = MakeSocketPair();
    ServerThread server(std::move(pair.server), Server("self_signed"), EchoUpper);
    TlsOptions options = TrustCa();
    options.host = "pop.example.org";
    options.fingerprint = fingerprint;
    auto tls = StartTls(*library_, *pair.client, options);
    ASSERT_TRUE(tls.has_value()) << tls.error().message;
    EXPECT_EQ((*tls)->verification(), TlsVerification::kFingerprint);
    ASSERT_TRUE((*tls)->WriteAll("x\n").has_value());
    EXPECT_EQ(ReadLine(**tls), "X\n");
  }
}

TEST_F(TlsTransportTest, CertcheckOffAcceptsAnything) {
  SocketPair pair = MakeSocketPair();
  ServerThread server(std::move(pair.server), Server("expired"), EchoUpper);
  TlsOptions options = TrustCa();
  options.host = "pop.example.org";
  options.trust_file = "";
  options.fingerprint = "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF";  // ignored
  options.certcheck = false;
  auto tls = StartTls(*library_, *pair.client, options);
  ASSERT_TRUE(tls.has_value()) << tls.error().message;
  EXPECT_EQ((*tls)->verification(), TlsVerification::kNone);
}

TEST_F(TlsTransportTest, ClientCertificateIsSent) {
  SocketPair pair = MakeSocketPair();
  std::string client_dn;
  TlsServerOptions server_options = Server("server");
  server_options.client_ca_file = certs_->Path("ca.crt");
  ServerThread server(std::move(pair.server), server_options, [&](TlsServerEnd& end) {
    client_dn = end.ClientCertificateDn();
    EchoUpper(end);
  });
  TlsOptions options = TrustCa();
  options.cert_file = certs_->Path("client.crt");
  options.key_file = certs_->Path("client.key");
  auto tls = StartTls(*library_, *pair.client, options);
  ASSERT_TRUE(tls.has_value()) << tls.error().message;
  ASSERT_TRUE((*tls)->WriteAll("a\n").has_value());
  EXPECT_EQ(ReadLine(**tls), "A\n");
  server.Join();
  EXPECT_EQ(client_dn, "CN=alice");
}

TEST_F(TlsTransportTest, ChannelBindingMatchesTheServersForTls12And13) {
  struct Case {
    std::string priorities;
    ChannelBindingType type;
    std::size_t size;
    gnutls_channel_binding_t server_type;
  } cases[] = {
      {"NORMAL:-VERS-TLS1.3", ChannelBindingType::kTlsUnique, 12, GNUTLS_CB_TLS_UNIQUE},
      {"NORMAL", ChannelBindingType::kTlsExporter, 32, GNUTLS_CB_TLS_EXPORTER},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.priorities);
    SocketPair pair = MakeSocketPair();
    std::string server_binding;
    TlsServerOptions server_options = Server("server");
    server_options.priorities = c.priorities;
    ServerThread server(std::move(pair.server), server_options, [&](TlsServerEnd& end) {
      gnutls_datum_t data{};
      if (gnutls_session_channel_binding(end.session(), c.server_type, &data) == 0) {
        server_binding.assign(reinterpret_cast<char*>(data.data), data.size);
        gnutls_free(data.data);
      }
      EchoUpper(end);
    });
    auto tls = StartTls(*library_, *pair.client, TrustCa());
    ASSERT_TRUE(tls.has_value()) << tls.error().message;
    std::optional<ChannelBinding> binding = (*tls)->channel_binding();
    ASSERT_TRUE(binding.has_value());
    EXPECT_EQ(binding->type, c.type);
    EXPECT_EQ(binding->data.size(), c.size);
    ASSERT_TRUE((*tls)->WriteAll("a\n").has_value());
    EXPECT_EQ(ReadLine(**tls), "A\n");
    server.Join();
    EXPECT_EQ(binding->data, server_binding);
  }
  EXPECT_EQ(ChannelBindingName(ChannelBindingType::kTlsUnique), "tls-unique");
  EXPECT_EQ(ChannelBindingName(ChannelBindingType::kTlsExporter), "tls-exporter");
}

TEST_F(TlsTransportTest, InfoDescribesSessionAndCertificate) {
  SocketPair pair = MakeSocketPair();
  ServerThread server(std::move(pair.server), Server("dn"), EchoUpper);
  auto tls = StartTls(*library_, *pair.client, TrustCa());
  ASSERT_TRUE(tls.has_value()) << tls.error().message;
  auto info = (*tls)->Info();
  ASSERT_TRUE(info.has_value()) << info.error().message;
  EXPECT_TRUE(info->session_parameters.starts_with("(TLS1.3)-")) << info->session_parameters;
  EXPECT_EQ(info->subject_dn, "C=DE,O=mpop test,OU=POP,CN=localhost");
  EXPECT_EQ(info->issuer_dn, "CN=mpop test CA");
  std::time_t now = std::time(nullptr);
  EXPECT_LT(info->activation_time, now);
  EXPECT_GT(info->expiration_time, now);
  EXPECT_EQ(info->sha256, *CertificateDigest(Der("dn"), FingerprintType::kSha256));
  EXPECT_EQ(info->sha1, *CertificateDigest(Der("dn"), FingerprintType::kSha1));
  EXPECT_EQ((*tls)->protocol_version(), "TLS1.3");
}

TEST_F(TlsTransportTest, PlainPop3ServerGetsAStarttlsHint) {
  for (bool hang_up : {false, true}) {
    SCOPED_TRACE(hang_up ? "server hangs up" : "server waits");
    SocketPair pair = MakeSocketPair();
    std::thread server([fd = std::move(pair.server), hang_up] {
      const char greeting[] = "+OK Dovecot ready.\r\n";
      (void)!::write(fd.get(), greeting, sizeof greeting - 1);
      if (hang_up) return;
      char buffer[4096];
      while (::read(fd.get(), buffer, sizeof buffer) > 0) {
      }
    });
    if (hang_up) server.join();
    auto tls = StartTls(*library_, *pair.client, TrustCa());
    ASSERT_FALSE(tls.has_value());
    EXPECT_EQ(tls.error(),
              Error::Protocol("TLS handshake failed: the server sent POP3 text ('+OK Dovecot "
                              "ready.') instead of TLS: the server expects STARTTLS (port 110?): "
                              "set tls_starttls on"));
    pair.client.reset();
    if (!hang_up) server.join();
  }
}

TEST_F(TlsTransportTest, ServerClosingDuringHandshake) {
  SocketPair pair = MakeSocketPair();
  pair.server.Reset();
  auto tls = StartTls(*library_, *pair.client, TrustCa());
  ASSERT_FALSE(tls.has_value());
  EXPECT_EQ(tls.error().code, ExitCode::kProtocol) << tls.error().message;
  EXPECT_EQ(tls.error().message, "TLS handshake failed: the server closed the connection");
}

TEST_F(TlsTransportTest, SilentPeerTimesOutDuringHandshake) {
  SocketPair pair = MakeSocketPair(std::chrono::milliseconds(100));
  auto started = std::chrono::steady_clock::now();
  auto tls = StartTls(*library_, *pair.client, TrustCa());
  ASSERT_FALSE(tls.has_value());
  EXPECT_EQ(tls.error(),
            Error::IoErr("TLS handshake failed: network read error: the operation timed out"));
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
}

TEST_F(TlsTransportTest, ServerHandshakeFailureIsAProtocolError) {
  SocketPair pair = MakeSocketPair();
  TlsServerOptions server_options = Server("server");
  server_options.priorities = "NORMAL:-VERS-ALL:+VERS-TLS1.2";
  ServerThread server(std::move(pair.server), server_options);
  TlsOptions options = TrustCa();
  options.priorities = "NORMAL:-VERS-ALL:+VERS-TLS1.3";
  auto tls = StartTls(*library_, *pair.client, options);
  ASSERT_FALSE(tls.has_value());
  EXPECT_EQ(tls.error().code, ExitCode::kProtocol);
  EXPECT_TRUE(tls.error().message.starts_with("TLS handshake failed: ")) << tls.error().message;
}

// Bytes decrypted but not yet read count as readable and as Buffered(), without new data
// on the socket; records without application data (TLS 1.3 session tickets) do not.
TEST_F(TlsTransportTest, WaitSeesBufferedRecordsButNotTickets) {
  SocketPair pair = MakeSocketPair(std::chrono::milliseconds(200));
  ServerThread server(std::move(pair.server), Server("server"), [&](TlsServerEnd& end) {
    (void)end.ReadLine();  // "go"
    (void)end.Write("abcdef");
    (void)end.ReadLine();  // wait for the client to finish
  });
  auto tls = StartTls(*library_, *pair.client, TrustCa());
  ASSERT_TRUE(tls.has_value()) << tls.error().message;
  // Only session tickets (or nothing) have arrived: no data to report.
  auto idle = (*tls)->Wait(false);
  ASSERT_FALSE(idle.has_value());
  EXPECT_EQ(idle.error(), Error::IoErr("network read error: the operation timed out"));
  auto writable = (*tls)->Wait(true);
  ASSERT_TRUE(writable.has_value());
  EXPECT_TRUE(writable->writable);
  EXPECT_FALSE(writable->readable);

  ASSERT_TRUE((*tls)->WriteAll("go\n").has_value());
  auto ready = (*tls)->Wait(false);
  ASSERT_TRUE(ready.has_value()) << ready.error().message;
  EXPECT_TRUE(ready->readable);
  char two[2];
  auto n = (*tls)->ReadSome(two);
  ASSERT_TRUE(n.has_value());
  ASSERT_EQ(*n, 2u);
  EXPECT_EQ(std::string(two, 2), "ab");
  EXPECT_EQ((*tls)->Buffered(), 4u);
  auto again = (*tls)->Wait(false);
  ASSERT_TRUE(again.has_value());
  EXPECT_TRUE(again->readable);
  char rest[16];
  n = (*tls)->ReadSome(rest);
  ASSERT_TRUE(n.has_value());
  EXPECT_EQ(std::string(rest, *n), "cdef");
  EXPECT_EQ((*tls)->Buffered(), 0u);
  ASSERT_TRUE((*tls)->WriteAll("done\n").has_value());
}

// 8 MiB each way at the same time, driven only through Wait/ReadSome/WriteSome as the
// pipelining engine does: neither side may block the other.
TEST_F(TlsTransportTest, FullDuplexEightMegabytesEachWay) {
  constexpr std::size_t kSize = 8 << 20;
  auto pattern = [](std::size_t i, unsigned seed) {
    return static_cast<char>((i * 131 + seed + (i >> 12)) & 0xff);
  };
  SocketPair pair = MakeSocketPair();
  bool server_received_all = false;
  ServerThread server(std::move(pair.server), Server("server"), [&](TlsServerEnd& end) {
    std::thread writer([&] {
      std::string chunk;
      for (std::size_t sent = 0; sent < kSize;) {
        std::size_t n = std::min<std::size_t>(100000, kSize - sent);
        chunk.resize(n);
        for (std::size_t i = 0; i < n; ++i) chunk[i] = pattern(sent + i, 7);
        if (!end.Write(chunk)) return;
        sent += n;
      }
    });
    std::size_t received = 0;
    bool same = true;
    while (received < kSize) {
      auto data = end.Read();
      if (!data || data->empty()) break;
      for (char c : *data) same = same && c == pattern(received++, 3);
    }
    writer.join();
    server_received_all = same && received == kSize;
    end.Bye();
  });
  auto tls = StartTls(*library_, *pair.client, TrustCa());
  ASSERT_TRUE(tls.has_value()) << tls.error().message;
  std::string out(kSize, '\0');
  for (std::size_t i = 0; i < kSize; ++i) out[i] = pattern(i, 3);
  std::size_t sent = 0;
  std::size_t received = 0;
  bool same = true;
  std::vector<char> buffer(65536);
  while (sent < kSize || received < kSize) {
    auto ready = (*tls)->Wait(sent < kSize);
    ASSERT_TRUE(ready.has_value()) << ready.error().message;
    if (ready->writable) {
      auto n = (*tls)->WriteSome(std::string_view(out).substr(sent));
      ASSERT_TRUE(n.has_value()) << n.error().message;
      sent += *n;
    }
    if (ready->readable) {
      auto n = (*tls)->ReadSome(buffer);
      ASSERT_TRUE(n.has_value()) << n.error().message;
      ASSERT_GT(*n, 0u) << "early end of stream at " << received;
      for (std::size_t i = 0; i < *n; ++i) same = same && buffer[i] == pattern(received++, 7);
    }
  }
  EXPECT_TRUE(same);
  EXPECT_EQ(server.Join(), "");
  EXPECT_TRUE(server_received_all);
}

TEST_F(TlsTransportTest, CloseSendsCloseNotify) {
  SocketPair pair = MakeSocketPair();
  bool clean_end = false;
  ServerThread server(std::move(pair.server), Server("server"), [&](TlsServerEnd& end) {
    auto data = end.Read();
    clean_end = data.has_value() && data->empty();
  });
  auto tls = StartTls(*library_, *pair.client, TrustCa());
  ASSERT_TRUE(tls.has_value());
  EXPECT_TRUE((*tls)->Close().has_value());
  server.Join();
  EXPECT_TRUE(clean_end);
}

}  // namespace
}  // namespace mpop::net::testing
