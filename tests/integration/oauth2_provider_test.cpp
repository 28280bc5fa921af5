// The OAuth2 library (src/oauth2/) against a real provider: oidc-provider on Node.js,
// started by OAuth2TestServer, with the test playing the user on the provider's own pages.

#include <gtest/gtest.h>

#include <future>
#include <optional>
#include <variant>

#include "oauth2/code_flow.hpp"
#include "oauth2/curl_http_client.hpp"
#include "oauth2/curl_library.hpp"
#include "oauth2/device_flow.hpp"
#include "oauth2/discovery.hpp"
#include "oauth2/json_reader.hpp"
#include "oauth2/refresh.hpp"
#include "oauth2/token_renewal.hpp"
#include "support/dovecot_oauth2.hpp"
#include "support/dovecot_server.hpp"
#include "support/mail_factory.hpp"
#include "support/mpop_runner.hpp"
#include "support/oauth2_server.hpp"

namespace mpop::oauth2 {
namespace {

using std::chrono::seconds;
using testing::OAuth2ServerOptions;
using testing::OAuth2TestServer;

constexpr const char* kScope = "openid offline_access";

class OAuth2ProviderTest : public ::testing::Test {
 protected:
  // Starts the provider and discovers it; false (with a skip or failure) if that failed.
  bool Begin(OAuth2ServerOptions options = {}) {
    Status started = server_.Start(options);
    if (!started) {
      if (started.error().code == ExitCode::kUnavailable) {
        skipped_ = started.error().message;
      } else {
        ADD_FAILURE() << started.error().message;
      }
      return false;
    }
    Result<CurlLibrary> library = CurlLibrary::Init();
    if (!library) {
      ADD_FAILURE() << library.error().message;
      return false;
    }
    library_.emplace(std::move(*library));
    http_.emplace(*library_, HttpOptions{.connect_timeout = seconds(5),
                                         .total_timeout = seconds(30),
                                         .trust_file = server_.trust_file()});
    Result<ProviderMetadata> provider = Discover(*http_, server_.issuer());
    if (!provider) {
      ADD_FAILURE() << provider.error().message;
      return false;
    }
    provider_ = std::move(*provider);
    return true;
  }

  // Device flow up to the user code, the user's answer, then the polling.
  Result<TokenSet> DeviceFlow(bool deny = false) {
    Result<DeviceAuthorization> device =
        StartDeviceAuthorization(*http_, provider_, client_, kScope);
    if (!device) return std::move(device).error();
    Result<std::string> user = server_.ApproveDevice(device->user_code, deny);
    if (!user) return std::move(user).error();
    return PollDeviceToken(*http_, clock_, provider_.token_endpoint, client_, *device);
  }

  Result<TokenSet> BrowserFlow(bool deny = false) {
    Result<oauth2::BrowserFlow> flow =
        StartBrowserFlow(provider_, client_, kScope, {{"prompt", "consent"}});
    if (!flow) return std::move(flow).error();
    // The user's browser runs beside mpop's wait for the redirect.
    std::future<Result<std::string>> user =
        std::async(std::launch::async, [&] { return server_.ApproveBrowser(flow->url, deny); });
    Result<TokenSet> tokens =
        FinishBrowserFlow(*http_, clock_, *flow, provider_, client_, std::chrono::seconds(30));
    Result<std::string> walked = user.get();
    if (!walked) return std::move(walked).error();
    return tokens;
  }

  // What the provider's introspection endpoint says about an access token.
  bool Active(const std::string& access_token) {
    Result<HttpResponse> response = http_->Send(
        {provider_.introspection_endpoint, {{"token", access_token}, {"client_id", client_.id}}});
    if (!response) return false;
    Result<nlohmann::json> json = ParseJsonObject(response->body, "introspection");
    return json && (*json)["active"] == true;
  }

  OAuth2TestServer server_;
  std::optional<CurlLibrary> library_;
  std::optional<CurlHttpClient> http_;
  SystemClock clock_;
  ProviderMetadata provider_;
  OAuthClient client_{OAuth2TestServer::kClientId};
  std::string skipped_;
};

#define BEGIN(...)                                     \
  do {                                                 \
    if (!Begin(__VA_ARGS__)) {                         \
      if (!skipped_.empty()) GTEST_SKIP() << skipped_; \
      return;                                          \
    }                                                  \
  } while (0)

TEST_F(OAuth2ProviderTest, DiscoversTheEndpoints) {
  BEGIN();
  EXPECT_EQ(provider_.issuer, server_.issuer());
  EXPECT_EQ(provider_.token_endpoint, server_.issuer() + "/token");
  EXPECT_EQ(provider_.authorization_endpoint, server_.issuer() + "/auth");
  EXPECT_EQ(provider_.device_authorization_endpoint, server_.issuer() + "/device/auth");
  EXPECT_EQ(provider_.code_challenge_methods, std::vector<std::string>{"S256"});
}

TEST_F(OAuth2ProviderTest, DeviceFlowGetsTokensThatRefreshWithRotation) {
  BEGIN();
  Result<TokenSet> tokens = DeviceFlow();
  ASSERT_TRUE(tokens) << tokens.error().message;
  EXPECT_FALSE(tokens->refresh_token.empty());
  EXPECT_TRUE(tokens->expires_at.has_value());
  EXPECT_TRUE(Active(tokens->access_token));

  Result<TokenSet> renewed = RefreshTokens(*http_, clock_, provider_.token_endpoint, client_,
                                           tokens->refresh_token, "acct");
  ASSERT_TRUE(renewed) << renewed.error().message;
  EXPECT_NE(renewed->refresh_token, tokens->refresh_token);  // rotated
  EXPECT_TRUE(Active(renewed->access_token));

  // The rotated-out refresh token is dead.
  Result<TokenSet> stale = RefreshTokens(*http_, clock_, provider_.token_endpoint, client_,
                                         tokens->refresh_token, "acct");
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error(),
            Error::NoPerm("the provider refused the stored refresh token: invalid_grant "
                          "(\"grant request is invalid\"); run `mpop --authorize acct`"));
}

TEST_F(OAuth2ProviderTest, DeviceFlowDenied) {
  BEGIN();
  Result<TokenSet> tokens = DeviceFlow(/*deny=*/true);
  ASSERT_FALSE(tokens);
  EXPECT_EQ(tokens.error(), Error::NoPerm("authorization was denied: the provider answered "
                                          "access_denied (\"End-User aborted interaction\")"));
}

TEST_F(OAuth2ProviderTest, DeviceCodeExpires) {
  BEGIN();
  Result<DeviceAuthorization> device = StartDeviceAuthorization(*http_, provider_, client_, kScope);
  ASSERT_TRUE(device) << device.error().message;
  ASSERT_TRUE(server_.AdvanceClock(device->expires_in + seconds(1)));
  Result<TokenSet> tokens =
      PollDeviceToken(*http_, clock_, provider_.token_endpoint, client_, *device);
  ASSERT_FALSE(tokens);
  EXPECT_EQ(
      tokens.error(),
      Error::TempFail("the user code expired before it was approved: run the authorization again"));
}

TEST_F(OAuth2ProviderTest, BrowserFlowWithPkceAndLoopbackRedirect) {
  BEGIN();
  Result<TokenSet> tokens = BrowserFlow();
  ASSERT_TRUE(tokens) << tokens.error().message;
  EXPECT_FALSE(tokens->refresh_token.empty());
  EXPECT_TRUE(Active(tokens->access_token));
}

TEST_F(OAuth2ProviderTest, BrowserFlowDenied) {
  BEGIN();
  Result<TokenSet> tokens = BrowserFlow(/*deny=*/true);
  ASSERT_FALSE(tokens);
  EXPECT_EQ(tokens.error(), Error::NoPerm("authorization was denied: the provider answered "
                                          "access_denied (\"End-User aborted interaction\")"));
}

TEST_F(OAuth2ProviderTest, HoursLaterTheAccessTokenIsDeadAndARefreshRevivesIt) {
  BEGIN({.access_token_ttl_seconds = 60});
  Result<TokenSet> tokens = DeviceFlow();
  ASSERT_TRUE(tokens) << tokens.error().message;
  ASSERT_TRUE(server_.AdvanceClock(seconds(3 * 3600)));
  EXPECT_FALSE(Active(tokens->access_token));
  Result<TokenSet> renewed = RefreshTokens(*http_, clock_, provider_.token_endpoint, client_,
                                           tokens->refresh_token, "acct");
  ASSERT_TRUE(renewed) << renewed.error().message;
  EXPECT_TRUE(Active(renewed->access_token));
}

TEST_F(OAuth2ProviderTest, HttpsWithTheTestCa) {
  BEGIN({.tls = true});
  EXPECT_TRUE(provider_.token_endpoint.starts_with("https://127.0.0.1:"));
  Result<TokenSet> tokens = DeviceFlow();
  ASSERT_TRUE(tokens) << tokens.error().message;

  CurlHttpClient untrusting(*library_, {.total_timeout = seconds(30)});
  Result<ProviderMetadata> refused = Discover(untrusting, server_.issuer());
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ExitCode::kUnavailable);
  EXPECT_TRUE(
      refused.error().message.starts_with("TLS certificate of " + server_.issuer() +
                                          "/.well-known/openid-configuration is not trusted: "))
      << refused.error().message;
}

// Two runs find the stored access token expired at once: one refreshes (the provider
// rotates the refresh token), the other waits for the lock and takes the renewed token.
// Without the lock the second would present a used-up refresh token and fail.
TEST_F(OAuth2ProviderTest, ConcurrentRenewalsRefreshOnceAndBothSucceed) {
  BEGIN();
  Result<TokenSet> tokens = DeviceFlow();
  ASSERT_TRUE(tokens) << tokens.error().message;
  testing::ScopedTempDir state;
  TokenFileStore store(state.path().string());
  ASSERT_TRUE(store.Save("acct", {.refresh_token = tokens->refresh_token,
                                  .access_token = tokens->access_token,
                                  .expires_at = clock_.Now()}));
  RenewalOptions options{.key = "acct",
                         .account = "acct",
                         .token_endpoint = provider_.token_endpoint,
                         .client = client_};
  auto renew = [&] {
    SystemClock clock;
    return CurrentAccessToken(*http_, clock, store, options);
  };
  std::future<Result<std::string>> first = std::async(std::launch::async, renew);
  std::future<Result<std::string>> second = std::async(std::launch::async, renew);
  Result<std::string> a = first.get();
  Result<std::string> b = second.get();
  ASSERT_TRUE(a) << a.error().message;
  ASSERT_TRUE(b) << b.error().message;
  EXPECT_EQ(*a, *b);
  EXPECT_NE(*a, tokens->access_token);
  EXPECT_TRUE(Active(*a));
  // The stored refresh token is the live one.
  Result<std::optional<StoredTokens>> stored = store.Load("acct");
  ASSERT_TRUE(stored && *stored);
  EXPECT_TRUE(RefreshTokens(*http_, clock_, provider_.token_endpoint, client_,
                            (*stored)->refresh_token, "acct"));
}

// The token goes to a real Dovecot, which asks the provider about it (introspection).
class OAuth2DovecotTest : public OAuth2ProviderTest {
 protected:
  Status StartDovecot() {
    return dovecot_.Start(
        {.users = {{OAuth2TestServer::kTestUser, "not-the-token", testing::MakeMails(2, {})}},
         .extra_conf = testing::DovecotOAuth2Conf(server_, conf_dir_.File("oauth2.conf.ext"))});
  }

  // mpop retrieves with the token as its "password", the way passwordeval hands one over.
  testing::RunResult Fetch(const std::string& method, const std::string& token) {
    homes_.push_back(std::make_unique<testing::MpopHome>());
    testing::MpopHome& home = *homes_.back();
    maildir_ = home.MakeMaildir("Mail");
    home.WriteConfig("account default\nhost 127.0.0.1\nport " +
                     std::to_string(dovecot_.pop3_port()) + "\nuser " +
                     OAuth2TestServer::kTestUser + "\nauth " + method + "\npassword " + token +
                     "\ndelivery maildir " + maildir_ + "\n");
    return home.Run({"-q"});
  }

  testing::ScopedTempDir conf_dir_;
  testing::DovecotServer dovecot_;
  std::vector<std::unique_ptr<testing::MpopHome>> homes_;
  std::string maildir_;
};

TEST_F(OAuth2DovecotTest, DeviceFlowTokenFetchesMailWithXoauth2AndOauthbearer) {
  BEGIN();
  MPOP_REQUIRE(StartDovecot());
  Result<TokenSet> tokens = DeviceFlow();
  ASSERT_TRUE(tokens) << tokens.error().message;
  testing::RunResult run = Fetch("xoauth2", tokens->access_token);
  ASSERT_TRUE(run.ok()) << run.Describe() << dovecot_.Log();
  EXPECT_EQ(testing::FilesIn(maildir_ + "/new").size(), 2u);
  ASSERT_TRUE(dovecot_.AddMail(OAuth2TestServer::kTestUser, testing::MakeMails(1, {})[0]));
  run = Fetch("oauthbearer", tokens->access_token);
  ASSERT_TRUE(run.ok()) << run.Describe() << dovecot_.Log();
  EXPECT_EQ(testing::FilesIn(maildir_ + "/new").size(), 1u);
}

TEST_F(OAuth2DovecotTest, HoursLaterTheOldTokenIsRefusedAndTheRefreshedOneFetches) {
  BEGIN({.access_token_ttl_seconds = 60});
  MPOP_REQUIRE(StartDovecot());
  Result<TokenSet> tokens = DeviceFlow();
  ASSERT_TRUE(tokens) << tokens.error().message;
  ASSERT_TRUE(server_.AdvanceClock(seconds(3 * 3600)));
  testing::RunResult refused = Fetch("xoauth2", tokens->access_token);
  EXPECT_EQ(refused.exit_code, 77) << refused.Describe();
  EXPECT_TRUE(testing::FilesIn(maildir_ + "/new").empty());
  Result<TokenSet> renewed = RefreshTokens(*http_, clock_, provider_.token_endpoint, client_,
                                           tokens->refresh_token, "oauth");
  ASSERT_TRUE(renewed) << renewed.error().message;
  testing::RunResult run = Fetch("xoauth2", renewed->access_token);
  ASSERT_TRUE(run.ok()) << run.Describe() << dovecot_.Log();
  EXPECT_EQ(testing::FilesIn(maildir_ + "/new").size(), 2u);
}

}  // namespace
}  // namespace mpop::oauth2
