// The account's OAuth2 settings resolved for the library, the token method chosen with
// `auth on`, and what --serverinfo says about the stored token.

#include "client/oauth2_account.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "oauth2/token_store.hpp"
#include "support/temp_dir.hpp"

namespace mpop::client {
namespace {

config::Account OAuth2Account(const std::string& issuer) {
  config::Account account;
  account.name = "mail";
  account.user = "joe@example.com";
  account.oauth2_issuer = issuer;
  account.oauth2_client_id = "app";
  return account;
}

TEST(OAuth2AccountTest, PresetsBringIssuerScopeFlowAndBrowserParameters) {
  const client::OAuth2Account google = ResolveOAuth2(OAuth2Account("google"));
  EXPECT_EQ(google.issuer, "https://accounts.google.com");
  EXPECT_EQ(google.scope, "https://mail.google.com/");
  EXPECT_EQ(google.flow, oauth2::Flow::kBrowser);
  EXPECT_NE(std::find(google.authorization_params.begin(), google.authorization_params.end(),
                      std::pair<std::string, std::string>("access_type", "offline")),
            google.authorization_params.end());
  EXPECT_EQ(google.store_key, "joe@example.com_at_google");
  EXPECT_EQ(google.label, "mail");

  const client::OAuth2Account microsoft = ResolveOAuth2(OAuth2Account("microsoft"));
  EXPECT_EQ(microsoft.flow, oauth2::Flow::kDevice);
  EXPECT_EQ(microsoft.discovery.stated_issuer, "https://login.microsoftonline.com/{tenantid}/v2.0");
}

TEST(OAuth2AccountTest, AnIssuerUrlGetsTheDefaultsAndTheSettingsWin) {
  config::Account account = OAuth2Account("https://id.example.org");
  client::OAuth2Account resolved = ResolveOAuth2(account);
  EXPECT_EQ(resolved.issuer, "https://id.example.org");
  EXPECT_EQ(resolved.scope, kDefaultOAuth2Scope);
  EXPECT_EQ(resolved.flow, oauth2::Flow::kDevice);
  EXPECT_EQ(resolved.client.secret, "");

  account.oauth2_scope = "mail offline_access";
  account.oauth2_flow = config::OAuth2Flow::kBrowser;
  account.oauth2_client_secret = "s";
  account.name.clear();
  account.host = "pop.example.org";
  resolved = ResolveOAuth2(account);
  EXPECT_EQ(resolved.scope, "mail offline_access");
  EXPECT_EQ(resolved.flow, oauth2::Flow::kBrowser);
  EXPECT_EQ(resolved.client.secret, "s");
  EXPECT_EQ(resolved.label, "--host=pop.example.org");
}

TEST(OAuth2AccountTest, HttpOptionsFollowTheAccountsProxySourceAndTimeout) {
  config::Account account = OAuth2Account("google");
  oauth2::HttpOptions plain = OAuth2HttpOptions(account, {});
  EXPECT_EQ(plain.proxy, "");
  EXPECT_EQ(plain.trust_file, "");
  EXPECT_EQ(plain.total_timeout, std::chrono::seconds(180));

  account.proxy_host = "127.0.0.1";
  account.proxy_port = 9050;
  account.source_ip = "127.0.0.2";
  account.timeout_seconds = 20;
  account.oauth2_trust_file = "/etc/ca.pem";
  oauth2::HttpOptions options = OAuth2HttpOptions(account, {});
  EXPECT_EQ(options.proxy, "socks5h://127.0.0.1:9050");
  EXPECT_EQ(options.source_ip, "127.0.0.2");
  EXPECT_EQ(options.connect_timeout, std::chrono::seconds(20));
  EXPECT_EQ(options.trust_file, "/etc/ca.pem");

  account.proxy_host = "::1";
  account.proxy_port = 0;
  EXPECT_EQ(OAuth2HttpOptions(account, {}).proxy, "socks5h://[::1]:1080");
}

TEST(OAuth2AccountTest, AuthOnChoosesTheTokenMethodTheServerOffers) {
  const config::Account url = OAuth2Account("https://id.example.org");
  const config::Account google = OAuth2Account("google");
  const std::vector<std::string> both = {"PLAIN", "XOAUTH2", "OAUTHBEARER"};
  EXPECT_EQ(OAuth2LoginMethod(url, both), "OAUTHBEARER");
  EXPECT_EQ(OAuth2LoginMethod(google, both), "XOAUTH2");
  EXPECT_EQ(OAuth2LoginMethod(url, {"XOAUTH2"}), "XOAUTH2");
  EXPECT_EQ(OAuth2LoginMethod(google, {"OAUTHBEARER"}), "OAUTHBEARER");
  EXPECT_EQ(OAuth2LoginMethod(google, {"PLAIN"}), "OAUTHBEARER");
  config::Account explicit_method = google;
  explicit_method.auth = "OAUTHBEARER";
  EXPECT_EQ(OAuth2LoginMethod(explicit_method, both), "OAUTHBEARER");
}

TEST(OAuth2AccountTest, ServerinfoDescribesTheStoredToken) {
  testing::ScopedTempDir dir;
  const std::string directory = dir.path().string() + "/oauth2";
  const config::Account account = OAuth2Account("google");
  EXPECT_EQ(DescribeOAuth2Token(account, directory), "none stored: run `mpop --authorize mail`");

  const oauth2::TokenFileStore store(directory);
  const auto later = std::chrono::system_clock::now() + std::chrono::hours(1);
  ASSERT_TRUE(store.Save("joe@example.com_at_google",
                         {.refresh_token = "r", .access_token = "secret-a", .expires_at = later}));
  std::string text = DescribeOAuth2Token(account, directory);
  EXPECT_TRUE(text.starts_with("stored in " + store.PathFor("joe@example.com_at_google") + ";"))
      << text;
  EXPECT_NE(text.find("the access token expires "), std::string::npos) << text;
  EXPECT_EQ(text.find("secret-a"), std::string::npos);

  const auto earlier = std::chrono::system_clock::now() - std::chrono::hours(1);
  ASSERT_TRUE(store.Save("joe@example.com_at_google",
                         {.refresh_token = "r", .access_token = "a", .expires_at = earlier}));
  EXPECT_NE(DescribeOAuth2Token(account, directory).find("renewed at the next login"),
            std::string::npos);

  ASSERT_EQ(::chmod(store.PathFor("joe@example.com_at_google").c_str(), 0644), 0);
  EXPECT_NE(DescribeOAuth2Token(account, directory).find("no more than user read/write"),
            std::string::npos);
}

}  // namespace
}  // namespace mpop::client
