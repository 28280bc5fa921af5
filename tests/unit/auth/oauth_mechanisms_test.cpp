#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "auth/base64.hpp"
#include "auth/oauthbearer_mechanism.hpp"
#include "auth/sasl_exchange.hpp"
#include "auth/xoauth2_mechanism.hpp"
#include "pop3/session.hpp"
#include "support/fake_transport.hpp"

namespace mpop::auth {
namespace {

using mpop::testing::FakeTransport;

TEST(OAuthMessageTest, ExactBytes) {
  EXPECT_EQ(OAuthBearerMessage("alice", "pop.example.org", 995, "tok-1").view(),
            "n,a=alice,\x01host=pop.example.org\x01port=995\x01"
            "auth=Bearer tok-1\x01\x01");
  EXPECT_EQ(OAuthBearerMessage("a,b=c", "h", 110, "t").view(),
            "n,a=a=2Cb=3Dc,\x01host=h\x01port=110\x01"
            "auth=Bearer t\x01\x01");
  EXPECT_EQ(XOAuth2Message("alice@example.org", "ya29.x").view(),
            "user=alice@example.org\x01"
            "auth=Bearer ya29.x\x01\x01");
}

// A server that answers each line from a list and records what it got.
struct Script {
  std::vector<std::string> replies;
  std::size_t next = 0;
  FakeTransport::Responder Responder() {
    return [this](std::string_view) {
      return next < replies.size() ? replies[next++] + "\r\n" : std::string("-ERR script\r\n");
    };
  }
};

class OAuthExchangeTest : public ::testing::Test {
 protected:
  Status Run(SaslMechanism& mechanism, std::vector<std::string> replies) {
    script_.replies = std::move(replies);
    transport_.set_responder(script_.Responder());
    pop3::Session session(transport_, {});
    return Authenticate(session, mechanism);
  }
  Script script_;
  FakeTransport transport_;
};

TEST_F(OAuthExchangeTest, OAuthBearerIsOneLine) {
  OAuthBearerMechanism mechanism("alice", "localhost", 110, "tok-1");
  ASSERT_TRUE(Run(mechanism, {"+OK Logged in."}));
  EXPECT_EQ(transport_.written(), "AUTH OAUTHBEARER " +
                                      Base64Encode("n,a=alice,\x01host=localhost\x01port=110\x01"
                                                   "auth=Bearer tok-1\x01\x01") +
                                      "\r\n");
}

TEST_F(OAuthExchangeTest, OAuthBearerErrorChallengeGetsAnEmptyLine) {
  OAuthBearerMechanism mechanism("alice", "localhost", 110, "bad");
  const std::string status = R"({"status":"invalid_token","schemes":"bearer"})";
  Status result =
      Run(mechanism, {"+ " + Base64Encode(status), "-ERR [AUTH] Authentication failed."});
  ASSERT_EQ(transport_.commands().size(), 2u);
  EXPECT_EQ(transport_.commands()[1], "");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ExitCode::kNoPerm);
  EXPECT_EQ(result.error().message,
            "POP3 server rejected AUTH OAUTHBEARER: \"-ERR [AUTH] Authentication failed.\" "
            "(the credentials were rejected; check the user name and password); its SASL error "
            "was "
            "\"{\"status\":\"invalid_token\",\"schemes\":\"bearer\"}\"");
}

// Long OAuth tokens stay on the AUTH line up to the 8189-character command limit, beyond
// RFC 5034's 255; longer ones follow the server's empty challenge.
TEST_F(OAuthExchangeTest, LongTokensStayOnTheAuthLine) {
  const std::string token(6000, 't');
  OAuthBearerMechanism mechanism("alice", "localhost", 110, token);
  ASSERT_TRUE(Run(mechanism, {"+OK"}));
  ASSERT_EQ(transport_.commands().size(), 1u);
  EXPECT_EQ(transport_.commands()[0],
            "AUTH OAUTHBEARER " +
                Base64Encode(OAuthBearerMessage("alice", "localhost", 110, token).view()));
  EXPECT_LE(transport_.commands()[0].size(), kMaxCommandLength);
}

TEST_F(OAuthExchangeTest, OverlongTokensFollowTheEmptyChallenge) {
  const std::string token(7000, 't');
  OAuthBearerMechanism mechanism("alice", "localhost", 110, token);
  ASSERT_TRUE(Run(mechanism, {"+ ", "+OK"}));
  EXPECT_EQ(transport_.commands(),
            (std::vector<std::string>{
                "AUTH OAUTHBEARER",
                Base64Encode(OAuthBearerMessage("alice", "localhost", 110, token).view())}));
}

TEST_F(OAuthExchangeTest, XOAuth2IsTwoSteps) {
  XOAuth2Mechanism mechanism("alice", "tok-1");
  ASSERT_TRUE(Run(mechanism, {"+ ", "+OK Logged in."}));
  EXPECT_EQ(transport_.commands(),
            (std::vector<std::string>{"AUTH XOAUTH2", Base64Encode("user=alice\x01"
                                                                   "auth=Bearer tok-1\x01\x01")}));
}

TEST_F(OAuthExchangeTest, XOAuth2AcceptsABarePlus) {
  XOAuth2Mechanism mechanism("alice", "tok-1");
  ASSERT_TRUE(Run(mechanism, {"+", "+OK"}));
  EXPECT_EQ(transport_.commands().size(), 2u);
}

TEST_F(OAuthExchangeTest, XOAuth2ErrorChallenge) {
  XOAuth2Mechanism mechanism("alice", "bad");
  Status result = Run(mechanism, {"+ ", "+ " + Base64Encode(R"({"status":"401"})"), "-ERR no"});
  ASSERT_FALSE(result);
  EXPECT_EQ(transport_.commands().size(), 3u);
  EXPECT_EQ(transport_.commands()[2], "");
  EXPECT_EQ(result.error(),
            (Error{ExitCode::kNoPerm,
                   "POP3 server rejected AUTH XOAUTH2: \"-ERR no\"; its SASL error was "
                   "\"{\"status\":\"401\"}\"",
                   "-ERR no"}));
}

TEST_F(OAuthExchangeTest, XOAuth2RefusedAtOnce) {
  XOAuth2Mechanism mechanism("alice", "tok");
  Status result = Run(mechanism, {"-ERR [SYS/TEMP] try later"});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ExitCode::kTempFail);
  EXPECT_EQ(transport_.commands().size(), 1u);
}

}  // namespace
}  // namespace mpop::auth
