#include "oauth2/token_endpoint.hpp"

#include <gtest/gtest.h>

#include "support/fake_http_client.hpp"

namespace mpop::oauth2 {
namespace {

using std::chrono::seconds;
using testing::FakeHttpClient;
using testing::FakeOAuthClock;

const TimePoint kNow{seconds(1'800'000'000)};

HttpResponse Json(long status, std::string body) {
  return {status, "application/json", std::move(body)};
}

TEST(TokenEndpointTest, ReadsTokensAndDatesTheExpiry) {
  Result<TokenReply> reply =
      ParseTokenReply(Json(200, R"({"access_token":"AT","token_type":"bearer","expires_in":3600,)"
                                R"("refresh_token":"RT","scope":"openid offline_access"})"),
                      "E", kNow);
  ASSERT_TRUE(reply) << reply.error().message;
  EXPECT_EQ(std::get<TokenSet>(*reply), (TokenSet{.access_token = "AT",
                                                  .refresh_token = "RT",
                                                  .expires_at = kNow + seconds(3600),
                                                  .scope = "openid offline_access"}));
}

TEST(TokenEndpointTest, ExpiresInMayComeAsAStringOrNotAtAll) {
  auto tokens = [](const char* body) {
    return std::get<TokenSet>(*ParseTokenReply(Json(200, body), "E", kNow));
  };
  EXPECT_EQ(tokens(R"({"access_token":"A","token_type":"Bearer","expires_in":"60"})").expires_at,
            kNow + seconds(60));
  EXPECT_EQ(tokens(R"({"access_token":"A","token_type":"Bearer"})").expires_at, std::nullopt);
}

TEST(TokenEndpointTest, ReadsErrorAnswers) {
  Result<TokenReply> reply = ParseTokenReply(
      Json(400, R"({"error":"invalid_grant","error_description":"grant request is invalid"})"), "E",
      kNow);
  ASSERT_TRUE(reply);
  const OAuthError& error = std::get<OAuthError>(*reply);
  EXPECT_EQ(error, (OAuthError{"invalid_grant", "grant request is invalid"}));
  EXPECT_EQ(error.Describe(), "invalid_grant (\"grant request is invalid\")");
  EXPECT_EQ((OAuthError{"slow_down", ""}.Describe()), "slow_down");
  EXPECT_EQ((OAuthError{"x\ny", "a\x1b[31m"}.Describe()), "x?y (\"a?[31m\")");
}

TEST(TokenEndpointTest, RejectsWhatIsNotATokenResponse) {
  auto message = [](HttpResponse response) {
    Result<TokenReply> reply = ParseTokenReply(response, "https://id/token", kNow);
    return reply ? std::string("ok") : reply.error().message;
  };
  EXPECT_EQ(message(Json(200, "{}")), "token response from https://id/token has no access_token");
  EXPECT_EQ(message(Json(200, R"({"access_token":"A","token_type":"mac"})")),
            "token response from https://id/token has token_type 'mac', not Bearer");
  EXPECT_EQ(message(Json(200, "oops")),
            "token response from https://id/token is not a JSON object");
  EXPECT_EQ(message(Json(404, "<html>")), "https://id/token answered HTTP 404");
  Result<TokenReply> down = ParseTokenReply(Json(502, ""), "https://id/token", kNow);
  EXPECT_EQ(down.error(), Error::TempFail("https://id/token answered HTTP 502"));
}

TEST(TokenEndpointTest, RequestTokensPostsTheClientCredentials) {
  FakeHttpClient http;
  FakeOAuthClock clock(kNow);
  http.Answer(200, R"({"access_token":"A","token_type":"Bearer","expires_in":10})");
  Result<TokenReply> reply = RequestTokens(http, clock, "https://id/token", {"cid", "secret"},
                                           {{"grant_type", "refresh_token"}});
  ASSERT_TRUE(reply);
  EXPECT_EQ(std::get<TokenSet>(*reply).expires_at, kNow + seconds(10));
  ASSERT_EQ(http.requests().size(), 1u);
  EXPECT_EQ(
      http.requests()[0],
      (HttpRequest{
          "https://id/token",
          {{"grant_type", "refresh_token"}, {"client_id", "cid"}, {"client_secret", "secret"}}}));
}

TEST(TokenEndpointTest, TokenErrorPicksTheExitCode) {
  EXPECT_EQ(TokenError({"access_denied", "no"}, "what"),
            Error::NoPerm("what: the provider answered access_denied (\"no\")"));
  EXPECT_EQ(TokenError({"invalid_client", ""}, "what").code, ExitCode::kConfig);
  EXPECT_EQ(TokenError({"invalid_scope", ""}, "what").code, ExitCode::kConfig);
  EXPECT_EQ(TokenError({"server_error", ""}, "what").code, ExitCode::kProtocol);
}

}  // namespace
}  // namespace mpop::oauth2
