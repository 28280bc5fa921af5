#include "oauth2/code_flow.hpp"

#include <gtest/gtest.h>
#include <sys/socket.h>

#include <thread>

#include "oauth2/form_encoding.hpp"
#include "oauth2/pkce.hpp"
#include "support/fake_http_client.hpp"
#include "support/loopback.hpp"

namespace mpop::oauth2 {
namespace {

using std::chrono::seconds;
using testing::FakeHttpClient;
using testing::FakeOAuthClock;

const ProviderMetadata kProvider{.issuer = "https://id",
                                 .authorization_endpoint = "https://id/auth",
                                 .token_endpoint = "https://id/token"};

// The browser's visit to the loopback listener, on its own thread.
class Browser {
 public:
  Browser(int port, std::string query)
      : thread_([port, query = std::move(query)] {
          Result<UniqueFd> fd = testing::ConnectLoopback(static_cast<uint16_t>(port));
          if (!fd) return;
          testing::SendAll(fd->get(), "GET /?" + query + " HTTP/1.1\r\n\r\n");
          char buffer[512];
          while (recv(fd->get(), buffer, sizeof buffer, 0) > 0) {
          }
        }) {}
  ~Browser() { thread_.join(); }

 private:
  std::thread thread_;
};

FormFields QueryOf(const std::string& url) { return *ParseForm(url.substr(url.find('?') + 1)); }

TEST(CodeFlowTest, StartBuildsTheAuthorizationUrl) {
  Result<BrowserFlow> flow =
      StartBrowserFlow(kProvider, {"cid"}, "openid", {{"prompt", "consent"}});
  ASSERT_TRUE(flow) << flow.error().message;
  FormFields query = QueryOf(flow->url);
  EXPECT_EQ(*FindField(query, "redirect_uri"), flow->listener.redirect_uri());
  EXPECT_EQ(*FindField(query, "state"), flow->state);
  EXPECT_EQ(*FindField(query, "code_challenge"), ChallengeS256(flow->code_verifier));
  EXPECT_EQ(*FindField(query, "code_challenge_method"), "S256");
  EXPECT_EQ(*FindField(query, "prompt"), "consent");
  EXPECT_TRUE(flow->url.starts_with("https://id/auth?response_type=code&client_id=cid&"));
}

TEST(CodeFlowTest, ExchangesTheCodeWithTheVerifier) {
  Result<BrowserFlow> flow = StartBrowserFlow(kProvider, {"cid"}, "openid");
  ASSERT_TRUE(flow);
  FakeHttpClient http;
  FakeOAuthClock clock;
  http.Answer(200, R"({"access_token":"AT","token_type":"Bearer","refresh_token":"RT"})");
  Browser browser(flow->listener.port(), "code=C1&state=" + flow->state + "&iss=https%3A%2F%2Fid");
  Result<TokenSet> tokens = FinishBrowserFlow(http, clock, *flow, kProvider, {"cid"}, seconds(10));
  ASSERT_TRUE(tokens) << tokens.error().message;
  EXPECT_EQ(tokens->refresh_token, "RT");
  ASSERT_EQ(http.requests().size(), 1u);
  EXPECT_EQ(http.requests()[0].form, (FormFields{{"grant_type", "authorization_code"},
                                                 {"code", "C1"},
                                                 {"redirect_uri", flow->listener.redirect_uri()},
                                                 {"code_verifier", flow->code_verifier},
                                                 {"client_id", "cid"}}));
}

Error FinishWith(const std::string& query_without_state, bool right_state = true) {
  Result<BrowserFlow> flow = StartBrowserFlow(kProvider, {"cid"}, "openid");
  if (!flow) return flow.error();
  FakeHttpClient http;
  FakeOAuthClock clock;
  std::string state = right_state ? flow->state : "forged";
  Browser browser(flow->listener.port(), query_without_state + "&state=" + state);
  Result<TokenSet> tokens = FinishBrowserFlow(http, clock, *flow, kProvider, {"cid"}, seconds(10));
  EXPECT_TRUE(http.requests().empty());  // nothing goes to the token endpoint
  return tokens ? Error::Software("tokens") : tokens.error();
}

TEST(CodeFlowTest, RefusesAForeignState) {
  EXPECT_EQ(
      FinishWith("code=C1", /*right_state=*/false),
      Error::Protocol(
          "the browser came back with a state that is not ours: run the authorization again"));
}

TEST(CodeFlowTest, RefusesAnotherIssuer) {
  EXPECT_EQ(FinishWith("code=C1&iss=https%3A%2F%2Fevil"),
            Error::Protocol("the browser came back from issuer 'https://evil', not 'https://id'"));
}

TEST(CodeFlowTest, AccessDenied) {
  EXPECT_EQ(FinishWith("error=access_denied&error_description=End-User+aborted+interaction"),
            Error::NoPerm("authorization was denied: the provider answered access_denied "
                          "(\"End-User aborted interaction\")"));
}

TEST(CodeFlowTest, NeedsAnAuthorizationEndpoint) {
  ProviderMetadata provider = kProvider;
  provider.authorization_endpoint.clear();
  EXPECT_EQ(StartBrowserFlow(provider, {"cid"}, "").error(),
            Error::Config("the provider offers no browser flow (its metadata has no "
                          "authorization_endpoint): use oauth2_flow device"));
}

}  // namespace
}  // namespace mpop::oauth2
