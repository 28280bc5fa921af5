#include "oauth2/authorization_url.hpp"

#include <gtest/gtest.h>

namespace mpop::oauth2 {
namespace {

TEST(AuthorizationUrlTest, CarriesPkceStateAndTheLoopbackRedirect) {
  EXPECT_EQ(AuthorizationUrl({.endpoint = "https://id/auth",
                              .client_id = "cid",
                              .redirect_uri = "http://127.0.0.1:4321/",
                              .scope = "openid offline_access",
                              .state = "st",
                              .code_challenge = "ch"}),
            "https://id/"
            "auth?response_type=code&client_id=cid&redirect_uri=http%3A%2F%2F127.0.0.1%3A4321%2F"
            "&scope=openid%20offline_access&state=st&code_challenge=ch&code_challenge_method=S256");
}

TEST(AuthorizationUrlTest, KeepsTheEndpointsQueryAndAddsExtras) {
  EXPECT_EQ(AuthorizationUrl({.endpoint = "https://id/auth?tenant=x",
                              .client_id = "c",
                              .redirect_uri = "r",
                              .scope = "",
                              .state = "s",
                              .code_challenge = "h",
                              .extra = {{"access_type", "offline"}}}),
            "https://id/auth?tenant=x&response_type=code&client_id=c&redirect_uri=r&state=s"
            "&code_challenge=h&code_challenge_method=S256&access_type=offline");
}

}  // namespace
}  // namespace mpop::oauth2
