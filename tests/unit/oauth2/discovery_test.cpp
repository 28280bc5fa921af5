#include "oauth2/discovery.hpp"

#include <gtest/gtest.h>

#include "support/fake_http_client.hpp"

namespace mpop::oauth2 {
namespace {

using testing::FakeHttpClient;

constexpr const char* kDocument = R"({
  "issuer": "https://id.example/tenant",
  "authorization_endpoint": "https://id.example/tenant/auth",
  "token_endpoint": "https://id.example/tenant/token",
  "device_authorization_endpoint": "https://id.example/tenant/device",
  "revocation_endpoint": "https://id.example/tenant/revoke",
  "introspection_endpoint": "https://id.example/tenant/introspect",
  "code_challenge_methods_supported": ["plain", "S256", 7]
})";

TEST(DiscoveryTest, UrlsForOpenIdConnectThenRfc8414) {
  EXPECT_EQ(
      DiscoveryUrls("https://id.example"),
      (std::vector<std::string>{"https://id.example/.well-known/openid-configuration",
                                "https://id.example/.well-known/oauth-authorization-server"}));
  EXPECT_EQ(DiscoveryUrls("https://id.example/tenant/v2.0/"),
            (std::vector<std::string>{
                "https://id.example/tenant/v2.0/.well-known/openid-configuration",
                "https://id.example/.well-known/oauth-authorization-server/tenant/v2.0"}));
}

TEST(DiscoveryTest, ParseMetadataReadsTheEndpoints) {
  Result<ProviderMetadata> metadata = ParseMetadata(kDocument, "URL", "https://id.example/tenant");
  ASSERT_TRUE(metadata) << metadata.error().message;
  EXPECT_EQ(*metadata, (ProviderMetadata{
                           .issuer = "https://id.example/tenant",
                           .authorization_endpoint = "https://id.example/tenant/auth",
                           .token_endpoint = "https://id.example/tenant/token",
                           .device_authorization_endpoint = "https://id.example/tenant/device",
                           .revocation_endpoint = "https://id.example/tenant/revoke",
                           .introspection_endpoint = "https://id.example/tenant/introspect",
                           .code_challenge_methods = {"plain", "S256"},
                       }));
}

TEST(DiscoveryTest, ParseMetadataRejectsAnotherIssuer) {
  Result<ProviderMetadata> metadata = ParseMetadata(kDocument, "URL", "https://evil.example");
  ASSERT_FALSE(metadata);
  EXPECT_EQ(metadata.error().code, ExitCode::kProtocol);
  EXPECT_EQ(metadata.error().message,
            "provider metadata from URL names issuer 'https://id.example/tenant', not "
            "'https://evil.example'");
}

TEST(DiscoveryTest, ParseMetadataNeedsATokenEndpointAndAnObject) {
  EXPECT_EQ(ParseMetadata(R"({"issuer":"https://a"})", "URL", "https://a").error().message,
            "provider metadata from URL has no token_endpoint");
  EXPECT_EQ(ParseMetadata("<html>", "URL", "https://a").error().message,
            "provider metadata from URL is not a JSON object");
  EXPECT_EQ(ParseMetadata("[1]", "URL", "https://a").error().message,
            "provider metadata from URL is not a JSON object");
}

TEST(DiscoveryTest, DiscoverFallsBackToRfc8414) {
  FakeHttpClient http;
  http.Answer(404, "not here");
  http.Answer(200, kDocument);
  Result<ProviderMetadata> metadata = Discover(http, "https://id.example/tenant");
  ASSERT_TRUE(metadata) << metadata.error().message;
  EXPECT_EQ(metadata->token_endpoint, "https://id.example/tenant/token");
  ASSERT_EQ(http.requests().size(), 2u);
  EXPECT_EQ(http.requests()[1].url,
            "https://id.example/.well-known/oauth-authorization-server/tenant");
  EXPECT_TRUE(http.requests()[1].form.empty());
}

TEST(DiscoveryTest, DiscoverChecksTheStatedIssuerWhenGiven) {
  FakeHttpClient http;
  http.Answer(200, kDocument);
  Result<ProviderMetadata> metadata =
      Discover(http, "https://id.example/common", {.stated_issuer = "https://id.example/tenant"});
  ASSERT_TRUE(metadata) << metadata.error().message;
}

TEST(DiscoveryTest, DiscoverErrors) {
  FakeHttpClient down;
  down.Answer(503, "");
  EXPECT_EQ(Discover(down, "https://a").error(),
            Error::TempFail("https://a/.well-known/openid-configuration answered HTTP 503"));
  FakeHttpClient missing;
  missing.Answer(404, "");
  missing.Answer(404, "");
  EXPECT_EQ(Discover(missing, "https://a").error(),
            Error::Config("no OAuth2 provider metadata at https://a "
                          "(https://a/.well-known/oauth-authorization-server answered HTTP 404)"));
  FakeHttpClient unreachable;
  unreachable.Fail(Error::TempFail("cannot reach X: refused"));
  EXPECT_EQ(Discover(unreachable, "https://a").error(), Error::TempFail("cannot reach X: refused"));
}

}  // namespace
}  // namespace mpop::oauth2
