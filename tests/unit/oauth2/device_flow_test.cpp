#include "oauth2/device_flow.hpp"

#include <gtest/gtest.h>

#include "support/fake_http_client.hpp"

namespace mpop::oauth2 {
namespace {

using std::chrono::seconds;
using testing::FakeHttpClient;
using testing::FakeOAuthClock;

constexpr const char* kPending = R"({"error":"authorization_pending"})";
constexpr const char* kTokens =
    R"({"access_token":"AT","token_type":"Bearer","refresh_token":"RT"})";

const ProviderMetadata kProvider{.issuer = "https://id",
                                 .token_endpoint = "https://id/token",
                                 .device_authorization_endpoint = "https://id/device"};

DeviceAuthorization Device(seconds expires_in = seconds(600), seconds interval = seconds(2)) {
  return {.device_code = "DC",
          .user_code = "ABCD-EFGH",
          .verification_uri = "https://id/device",
          .expires_in = expires_in,
          .interval = interval};
}

TEST(DeviceFlowTest, StartPostsClientAndScopeAndReadsTheAnswer) {
  FakeHttpClient http;
  http.Answer(
      200,
      R"({"device_code":"DC","user_code":"ABCD-EFGH","verification_uri":"https://id/device",)"
      R"("verification_uri_complete":"https://id/device?user_code=ABCD-EFGH","expires_in":600,"interval":2})");
  Result<DeviceAuthorization> device =
      StartDeviceAuthorization(http, kProvider, {"cid"}, "openid offline_access");
  ASSERT_TRUE(device) << device.error().message;
  DeviceAuthorization expected = Device();
  expected.verification_uri_complete = "https://id/device?user_code=ABCD-EFGH";
  EXPECT_EQ(*device, expected);
  EXPECT_EQ(http.requests()[0],
            (HttpRequest{"https://id/device",
                         {{"client_id", "cid"}, {"scope", "openid offline_access"}}}));
}

TEST(DeviceFlowTest, IntervalDefaultsToFiveSecondsAndGoogleSpellingIsRead) {
  Result<DeviceAuthorization> device = ParseDeviceAuthorization(
      {200, "",
       R"({"device_code":"D","user_code":"U","verification_url":"https://g/device","expires_in":"1800"})"},
      "E");
  ASSERT_TRUE(device) << device.error().message;
  EXPECT_EQ(device->verification_uri, "https://g/device");
  EXPECT_EQ(device->interval, seconds(5));
  EXPECT_EQ(device->expires_in, seconds(1800));
}

TEST(DeviceFlowTest, ParseErrors) {
  auto message = [](long status, const char* body) {
    Result<DeviceAuthorization> device = ParseDeviceAuthorization({status, "", body}, "E");
    return device ? std::string("ok") : device.error().message;
  };
  EXPECT_EQ(message(200, R"({"user_code":"U","verification_uri":"V","expires_in":1})"),
            "device authorization response from E has no device_code");
  EXPECT_EQ(message(200, R"({"device_code":"D","user_code":"U","verification_uri":"V"})"),
            "device authorization response from E has no expires_in");
  EXPECT_EQ(message(400, R"({"error":"invalid_client","error_description":"no such client"})"),
            "device authorization: the provider answered invalid_client (\"no such client\")");
}

TEST(DeviceFlowTest, StartNeedsADeviceEndpoint) {
  FakeHttpClient http;
  ProviderMetadata provider = kProvider;
  provider.device_authorization_endpoint.clear();
  EXPECT_EQ(StartDeviceAuthorization(http, provider, {"cid"}, "").error(),
            Error::Config("the provider offers no device flow (its metadata has no "
                          "device_authorization_endpoint): use oauth2_flow browser"));
}

TEST(DeviceFlowTest, PollsAtTheIntervalUntilApproved) {
  FakeHttpClient http;
  FakeOAuthClock clock;
  http.Answer(400, kPending);
  http.Answer(400, kPending);
  http.Answer(200, kTokens);
  Result<TokenSet> tokens = PollDeviceToken(http, clock, "https://id/token", {"cid"}, Device());
  ASSERT_TRUE(tokens) << tokens.error().message;
  EXPECT_EQ(tokens->access_token, "AT");
  EXPECT_EQ(tokens->refresh_token, "RT");
  EXPECT_EQ(clock.waits(), (std::vector<long>{2, 2, 2}));
  EXPECT_EQ(http.requests()[0].form,
            (FormFields{{"grant_type", "urn:ietf:params:oauth:grant-type:device_code"},
                        {"device_code", "DC"},
                        {"client_id", "cid"}}));
}

TEST(DeviceFlowTest, SlowDownAddsFiveSecondsForGood) {
  FakeHttpClient http;
  FakeOAuthClock clock;
  http.Answer(400, kPending);
  http.Answer(400, R"({"error":"slow_down"})");
  http.Answer(400, kPending);
  http.Answer(400, R"({"error":"slow_down"})");
  http.Answer(200, kTokens);
  ASSERT_TRUE(PollDeviceToken(http, clock, "https://id/token", {"cid"}, Device()));
  EXPECT_EQ(clock.waits(), (std::vector<long>{2, 2, 7, 7, 12}));
}

TEST(DeviceFlowTest, AccessDenied) {
  FakeHttpClient http;
  FakeOAuthClock clock;
  http.Answer(400,
              R"({"error":"access_denied","error_description":"End-User aborted interaction"})");
  EXPECT_EQ(PollDeviceToken(http, clock, "https://id/token", {"cid"}, Device()).error(),
            Error::NoPerm("authorization was denied: the provider answered access_denied "
                          "(\"End-User aborted interaction\")"));
}

TEST(DeviceFlowTest, ExpiredTokenAnswer) {
  FakeHttpClient http;
  FakeOAuthClock clock;
  http.Answer(400, R"({"error":"expired_token"})");
  EXPECT_EQ(
      PollDeviceToken(http, clock, "https://id/token", {"cid"}, Device()).error(),
      Error::TempFail("the user code expired before it was approved: run the authorization again"));
}

TEST(DeviceFlowTest, StopsPollingAtExpiresIn) {
  FakeHttpClient http;
  FakeOAuthClock clock;
  for (int i = 0; i < 4; ++i) http.Answer(400, kPending);
  Result<TokenSet> tokens =
      PollDeviceToken(http, clock, "https://id/token", {"cid"}, Device(seconds(10), seconds(3)));
  ASSERT_FALSE(tokens);
  EXPECT_EQ(tokens.error().code, ExitCode::kTempFail);
  EXPECT_EQ(http.requests().size(), 3u);  // at 3, 6 and 9 s; none at 12
}

TEST(DeviceFlowTest, OtherErrorsEndThePolling) {
  FakeHttpClient http;
  FakeOAuthClock clock;
  http.Answer(400, R"({"error":"invalid_client"})");
  EXPECT_EQ(PollDeviceToken(http, clock, "https://id/token", {"cid"}, Device()).error(),
            Error::Config("device authorization: the provider answered invalid_client"));
  FakeHttpClient down;
  down.Fail(Error::TempFail("cannot reach https://id/token: refused"));
  EXPECT_EQ(PollDeviceToken(down, clock, "https://id/token", {"cid"}, Device()).error(),
            Error::TempFail("cannot reach https://id/token: refused"));
}

}  // namespace
}  // namespace mpop::oauth2
