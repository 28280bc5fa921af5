#pragma once
// OAuth2TestServer: a real OAuth 2.0 / OpenID Connect provider for tests, oidc-provider on
// Node.js (tests/oauth2_server/server.js), listening on 127.0.0.1 with a port the kernel
// picks, over http or (tls) https with a certificate from TestCertificates.
//
// It knows one public client, kClientId, allowed the device flow, the authorization code
// flow with PKCE and loopback redirects on any port, and refresh tokens (one with every
// grant, rotated on every use); introspection and revocation are on. The test plays the
// user through the server's /test/ endpoints: the script's headless user agent walks
// oidc-provider's own pages (user code entry, sign-in, consent) with a cookie jar.
// Every token belongs to kTestUser (its "sub"). A second, confidential client lets a mail
// server introspect tokens (see dovecot_oauth2.hpp).
//
//   OAuth2TestServer server;
//   MPOP_REQUIRE(server.Start({}));          // skips when Node.js or the npm packages are missing
//   ... start the device flow against server.issuer(), then:
//   ASSERT_TRUE(server.ApproveDevice(user_code));

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "support/process.hpp"
#include "support/temp_dir.hpp"
#include "util/result.hpp"

namespace mpop::testing {

class TestCertificates;

struct OAuth2ServerOptions {
  bool tls = false;
  int access_token_ttl_seconds = 3600;
  int device_code_ttl_seconds = 600;
  // The polling interval the device authorization response announces.
  int interval_seconds = 1;
  std::chrono::milliseconds start_timeout{std::chrono::seconds(20)};
  // Directory of server.js and its node_modules/; empty: tests/oauth2_server/ of the source
  // tree this file was compiled from.
  std::string server_dir{};
};

class OAuth2TestServer {
 public:
  static constexpr const char* kClientId = "mpop-test";
  static constexpr const char* kTestUser = "test-user";
  // The mail server's client: it may only introspect (RFC 7662), with HTTP Basic auth.
  static constexpr const char* kIntrospectionClientId = "dovecot";
  static constexpr const char* kIntrospectionClientSecret = "dovecot-secret";

  OAuth2TestServer();
  ~OAuth2TestServer();
  OAuth2TestServer(const OAuth2TestServer&) = delete;
  OAuth2TestServer& operator=(const OAuth2TestServer&) = delete;

  // Starts the server and returns once its discovery document answers. Errors:
  // kUnavailable when node or the npm packages are missing (a skip); kSoftware with the
  // server's log when it does not come up within start_timeout. Call once per object.
  Status Start(const OAuth2ServerOptions& options);

  // "http://127.0.0.1:PORT" (https with tls).
  const std::string& issuer() const { return issuer_; }
  // The CA that signed the server's certificate (tls), else empty.
  std::string trust_file() const;

  // The user enters `user_code` at the verification page, signs in and consents (or, with
  // deny, aborts). Returns the script's JSON summary, e.g. {"page":"Sign-in Success",...}.
  Result<std::string> ApproveDevice(const std::string& user_code, bool deny = false);
  // The user opens the authorization URL, signs in and consents (or cancels); the browser
  // then follows the redirect to the client. Blocks until the client's listener answered.
  Result<std::string> ApproveBrowser(const std::string& authorization_url, bool deny = false);
  // Moves the provider's clock forward (tokens and codes expire "later").
  Status AdvanceClock(std::chrono::seconds seconds);

  // Stops the server: a provider that is down.
  void Stop() { process_.reset(); }

  // What the server printed.
  std::string Log() const;

 private:
  Result<std::string> PostTest(const std::string& path,
                               const std::vector<std::pair<std::string, std::string>>& form);

  ScopedTempDir dir_;
  std::unique_ptr<TestCertificates> certs_;
  std::optional<BackgroundProcess> process_;
  std::string issuer_;
};

}  // namespace mpop::testing
