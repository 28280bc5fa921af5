// The --debug trace: every line as it went, except the bearer tokens of OAUTHBEARER and
// XOAUTH2, which are never printed.

#include "client/debug_trace.hpp"

#include <gtest/gtest.h>

#include "auth/base64.hpp"
#include "auth/oauthbearer_mechanism.hpp"
#include "auth/xoauth2_mechanism.hpp"

namespace mpop::client {
namespace {

std::string Traced(const std::vector<std::string>& sent) {
  ConsoleLock console;
  ::testing::internal::CaptureStdout();
  {
    AccountOutput out(console, /*buffered=*/false);
    DebugTrace trace(out);
    for (const std::string& line : sent) trace.Sent(line);
    trace.Received("+OK done\r\n");
  }
  return ::testing::internal::GetCapturedStdout();
}

TEST(DebugTraceTest, PrintsCommandsAndRepliesAsTheyWent) {
  EXPECT_EQ(Traced({"USER joe\r\n", "PASS secret\r\n"}),
            "--> USER joe\n--> PASS secret\n<-- +OK done\n");
}

TEST(DebugTraceTest, BearerTokensAreNotShown) {
  const std::string token = "ya29.a0-the-access-token";
  const std::string xoauth2 = auth::Base64Encode(auth::XOAuth2Message("joe", token).view());
  const std::string bearer =
      auth::Base64Encode(auth::OAuthBearerMessage("joe", "pop.example", 995, token).view());
  const std::string printed =
      Traced({"AUTH XOAUTH2\r\n", xoauth2 + "\r\n", "AUTH OAUTHBEARER " + bearer + "\r\n"});
  EXPECT_EQ(printed,
            "--> AUTH XOAUTH2\n"
            "--> [OAuth2 token not shown]\n"
            "--> AUTH OAUTHBEARER [OAuth2 token not shown]\n"
            "<-- +OK done\n");
  EXPECT_EQ(printed.find(xoauth2), std::string::npos);
}

}  // namespace
}  // namespace mpop::client
