#include "net/tls_context.hpp"

#include <gtest/gtest.h>

#include "unit/net/tls_test_util.hpp"

namespace mpop::net::testing {
namespace {

class TlsContextTest : public TlsTest {
 protected:
  static Error CreateError(const TlsOptions& options) {
    auto context = TlsContext::Create(*library_, options);
    EXPECT_FALSE(context.has_value());
    return context.has_value() ? Error{} : context.error();
  }
};

TEST_F(TlsContextTest, VerificationFollowsPrecedence) {
  TlsOptions options = TrustCa();
  EXPECT_EQ(TlsContext::Create(*library_, options)->verification(), TlsVerification::kTrust);
  options.fingerprint = "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF";
  EXPECT_EQ(TlsContext::Create(*library_, options)->verification(), TlsVerification::kFingerprint);
  options.certcheck = false;
  EXPECT_EQ(TlsContext::Create(*library_, options)->verification(), TlsVerification::kNone);
}

TEST_F(TlsContextTest, SystemTrustLoads) {
  TlsOptions options = TrustCa();
  options.trust_file = "system";
  auto context = TlsContext::Create(*library_, options);
  EXPECT_TRUE(context.has_value()) << context.error().message;
}

TEST_F(TlsContextTest, UnreadableFilesAreNoInput) {
  std::string missing = certs_->Path("missing.pem");
  std::string key = certs_->Path("server.key");  // a file without certificates or CRLs
  struct Case {
    std::function<void(TlsOptions&)> configure;
    std::string message;
  } cases[] = {
      {[&](TlsOptions& o) { o.trust_file = missing; },
       "cannot read TLS trust file " + missing + ": No such file or directory"},
      {[&](TlsOptions& o) { o.trust_file = key; },
       "TLS trust file " + key + " contains no certificates"},
      {[&](TlsOptions& o) { o.crl_file = missing; },
       "cannot read TLS CRL file " + missing + ": No such file or directory"},
      {[&](TlsOptions& o) {
         o.cert_file = certs_->Path("client.crt");
         o.key_file = missing;
       },
       "cannot load TLS client certificate " + certs_->Path("client.crt") + " with key " + missing +
           ": " + missing + ": No such file or directory"},
      {[&](TlsOptions& o) {
         o.cert_file = certs_->Path("client.crt");
         o.key_file = certs_->Path("server.key");
       },
       "cannot load TLS client certificate " + certs_->Path("client.crt") + " with key " +
           certs_->Path("server.key") + ": The certificate and the given key do not match."},
  };
  for (const Case& c : cases) {
    TlsOptions options = TrustCa();
    c.configure(options);
    EXPECT_EQ(CreateError(options), Error::NoInput(c.message));
  }
}

TEST_F(TlsContextTest, FilesAreNotNeededWhenNotUsed) {
  TlsOptions options = TrustCa();
  options.trust_file = certs_->Path("missing.pem");
  options.certcheck = false;
  EXPECT_TRUE(TlsContext::Create(*library_, options).has_value());
  options.certcheck = true;
  options.fingerprint = "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF";
  EXPECT_TRUE(TlsContext::Create(*library_, options).has_value());
}

TEST_F(TlsContextTest, PriorityErrorsNameThePosition) {
  struct Case {
    std::string priorities;
    std::string message;
  } cases[] = {
      {"NORMAL:+VERS-TLS1.2:%BOGUS:-MD5",
       "invalid TLS priority string 'NORMAL:+VERS-TLS1.2:%BOGUS:-MD5': error at position 21 "
       "('%BOGUS')"},
      {"FOO", "invalid TLS priority string 'FOO': error at position 1 ('FOO')"},
  };
  for (const Case& c : cases) {
    TlsOptions options = TrustCa();
    options.priorities = c.priorities;
    EXPECT_EQ(CreateError(options), Error::Config(c.message));
  }
  TlsOptions options = TrustCa();
  options.priorities = "NORMAL:-VERS-TLS1.3";
  EXPECT_TRUE(TlsContext::Create(*library_, options).has_value());
}

TEST_F(TlsContextTest, ConfigurationErrors) {
  TlsOptions options = TrustCa();
  options.key_file = certs_->Path("client.key");
  EXPECT_EQ(CreateError(options),
            Error::Config("tls_key_file and tls_cert_file must be set together"));
  options = TrustCa();
  options.fingerprint = "AB:CD";
  EXPECT_EQ(CreateError(options).code, ExitCode::kConfig);
  options = TrustCa();
  options.host = "";
  EXPECT_EQ(CreateError(options),
            Error::Config("TLS needs a host name to verify: set host or tls_host_override"));
}

TEST_F(TlsContextTest, MinDhPrimeBitsIsAccepted) {
  SocketPair pair = MakeSocketPair();
  ServerThread server(std::move(pair.server), Server("server"));
  TlsOptions options = TrustCa();
  options.min_dh_prime_bits = 2048;
  auto tls = StartTls(*library_, *pair.client, options);
  EXPECT_TRUE(tls.has_value()) << tls.error().message;
}

}  // namespace
}  // namespace mpop::net::testing
