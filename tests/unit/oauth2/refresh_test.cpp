#include "oauth2/refresh.hpp"

#include <gtest/gtest.h>

#include "support/fake_http_client.hpp"

namespace mpop::oauth2 {
namespace {

using testing::FakeHttpClient;
using testing::FakeOAuthClock;

TEST(RefreshTest, ReturnsTheRotatedRefreshToken) {
  FakeHttpClient http;
  FakeOAuthClock clock;
  http.Answer(
      200, R"({"access_token":"AT2","token_type":"Bearer","refresh_token":"RT2","expires_in":60})");
  Result<TokenSet> tokens = RefreshTokens(http, clock, "https://id/token", {"cid"}, "RT1", "acct");
  ASSERT_TRUE(tokens) << tokens.error().message;
  EXPECT_EQ(tokens->access_token, "AT2");
  EXPECT_EQ(tokens->refresh_token, "RT2");
  EXPECT_EQ(tokens->expires_at, clock.Now() + std::chrono::seconds(60));
  EXPECT_EQ(http.requests()[0].form,
            (FormFields{
                {"grant_type", "refresh_token"}, {"refresh_token", "RT1"}, {"client_id", "cid"}}));
}

TEST(RefreshTest, KeepsTheOldRefreshTokenWhenNoneComes) {
  FakeHttpClient http;
  FakeOAuthClock clock;
  http.Answer(200, R"({"access_token":"AT2","token_type":"Bearer"})");
  Result<TokenSet> tokens = RefreshTokens(http, clock, "https://id/token", {"cid"}, "RT1", "acct");
  ASSERT_TRUE(tokens);
  EXPECT_EQ(tokens->refresh_token, "RT1");
}

TEST(RefreshTest, InvalidGrantTellsToAuthorizeAgain) {
  FakeHttpClient http;
  FakeOAuthClock clock;
  http.Answer(400, R"({"error":"invalid_grant","error_description":"grant request is invalid"})");
  EXPECT_EQ(RefreshTokens(http, clock, "https://id/token", {"cid"}, "RT1", "gmail").error(),
            Error::NoPerm("the provider refused the stored refresh token: invalid_grant "
                          "(\"grant request is invalid\"); run `mpop --authorize gmail`"));
}

TEST(RefreshTest, ProviderDownIsTemporary) {
  FakeHttpClient http;
  FakeOAuthClock clock;
  http.Answer(503, "");
  EXPECT_EQ(RefreshTokens(http, clock, "https://id/token", {"cid"}, "RT1", "a").error().code,
            ExitCode::kTempFail);
}

}  // namespace
}  // namespace mpop::oauth2
