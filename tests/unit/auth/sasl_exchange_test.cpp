#include "auth/sasl_exchange.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "auth/base64.hpp"
#include "pop3/session.hpp"
#include "support/fake_transport.hpp"

namespace mpop::auth {
namespace {

using mpop::testing::FakeTransport;

// A mechanism that follows a script: an optional initial response, then one response per
// challenge, finished after the last one.
class ScriptedMechanism : public SaslMechanism {
 public:
  std::string_view name() const override { return "TEST"; }
  Result<std::optional<SecretString>> Start() override {
    if (!initial) return std::optional<SecretString>();
    finished_ = responses.empty();
    return std::optional<SecretString>(SecretString(std::string_view(*initial)));
  }
  std::size_t max_auth_command_length() const override { return max_length; }
  Result<SecretString> Respond(std::string_view challenge) override {
    challenges.emplace_back(challenge);
    if (fail) return *fail;
    if (next == responses.size()) return SecretString();
    finished_ = next + 1 == responses.size();
    return SecretString(std::string_view(responses[next++]));
  }
  bool finished() const override { return finished_; }

  std::optional<std::string> initial;
  std::vector<std::string> responses;
  std::size_t max_length = kMaxAuthCommandLength;
  std::optional<Error> fail;
  std::vector<std::string> challenges;

 private:
  std::size_t next = 0;
  bool finished_ = false;
};

class SaslExchangeTest : public ::testing::Test {
 protected:
  Status Run(std::vector<std::string> replies) {
    replies_ = std::move(replies);
    transport_.set_responder([this](std::string_view) {
      return next_ < replies_.size() ? replies_[next_++] + "\r\n"
                                     : std::string("-ERR unexpected\r\n");
    });
    pop3::Session session(transport_, {});
    return Authenticate(session, mechanism_);
  }
  std::vector<std::string> Commands() const { return transport_.commands(); }

  ScriptedMechanism mechanism_;
  FakeTransport transport_;
  std::vector<std::string> replies_;
  std::size_t next_ = 0;
};

TEST_F(SaslExchangeTest, InitialResponseOnTheAuthLine) {
  mechanism_.initial = std::string("\0u\0p", 4);
  ASSERT_TRUE(Run({"+OK"}));
  EXPECT_EQ(Commands(), std::vector<std::string>{"AUTH TEST AHUAcA=="});
}

TEST_F(SaslExchangeTest, EmptyInitialResponseIsAnEqualsSign) {
  mechanism_.initial = "";
  ASSERT_TRUE(Run({"+OK"}));
  EXPECT_EQ(Commands(), std::vector<std::string>{"AUTH TEST ="});
}

TEST_F(SaslExchangeTest, InitialResponseUpTo255Octets) {
  // "AUTH TEST " is 10 characters; 183 bytes are 244 characters of base64.
  mechanism_.initial = std::string(183, 'x');
  ASSERT_TRUE(Run({"+OK"}));
  ASSERT_EQ(Commands().size(), 1u);
  EXPECT_EQ(Commands()[0].size(), 254u);
}

TEST_F(SaslExchangeTest, TooLongInitialResponseWaitsForTheEmptyChallenge) {
  mechanism_.initial = std::string(186, 'x');  // 248 characters: the line would be 258
  ASSERT_TRUE(Run({"+ ", "+OK"}));
  EXPECT_EQ(Commands(),
            (std::vector<std::string>{"AUTH TEST", Base64Encode(std::string(186, 'x'))}));
  EXPECT_TRUE(mechanism_.challenges.empty());
}

TEST_F(SaslExchangeTest, ChallengesAreDecodedAndResponsesEncoded) {
  mechanism_.responses = {"one", "", "three"};
  ASSERT_TRUE(Run({"+ " + Base64Encode("c1"), "+", "+ " + Base64Encode("c3"), "+OK welcome"}));
  EXPECT_EQ(Commands(), (std::vector<std::string>{"AUTH TEST", "b25l", "", "dGhyZWU="}));
  EXPECT_EQ(mechanism_.challenges, (std::vector<std::string>{"c1", "", "c3"}));
}

TEST_F(SaslExchangeTest, RejectionQuotesTheServer) {
  mechanism_.responses = {"r"};
  Status result = Run({"+ ", "-ERR [AUTH] Authentication failed."});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error(),
            (Error{ExitCode::kNoPerm,
                   "POP3 server rejected AUTH TEST: \"-ERR [AUTH] Authentication failed.\" (the "
                   "credentials were rejected; check the user name and password)",
                   "-ERR [AUTH] Authentication failed."}));
}

TEST_F(SaslExchangeTest, ResponseCodesPickTheExitCode) {
  struct Case {
    std::string reply;
    ExitCode code;
  };
  for (const Case& c :
       {Case{"-ERR no", ExitCode::kNoPerm}, Case{"-ERR [IN-USE] busy", ExitCode::kTempFail},
        Case{"-ERR [SYS/TEMP] later", ExitCode::kTempFail},
        Case{"-ERR [LOGIN-DELAY] wait", ExitCode::kTempFail},
        Case{"-ERR [SYS/PERM] never", ExitCode::kUnavailable}}) {
    ScriptedMechanism mechanism;
    FakeTransport transport;
    transport.set_responder([&](std::string_view) { return c.reply + "\r\n"; });
    pop3::Session session(transport, {});
    Status result = Authenticate(session, mechanism);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, c.code) << c.reply;
  }
}

TEST_F(SaslExchangeTest, InvalidChallengeCancels) {
  mechanism_.responses = {"r"};
  Status result = Run({"+ not base64!", "-ERR cancelled"});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error(), Error::Protocol("POP3 server sent an invalid SASL challenge: "
                                            "\"+ not base64!\""));
  EXPECT_EQ(Commands(), (std::vector<std::string>{"AUTH TEST", "*"}));
}

TEST_F(SaslExchangeTest, MechanismFailureCancels) {
  mechanism_.fail = Error::NoPerm("SASL TEST failed: bad server signature");
  Status result = Run({"+ " + Base64Encode("x"), "-ERR cancelled"});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error(), Error::NoPerm("SASL TEST failed: bad server signature"));
  EXPECT_EQ(Commands(), (std::vector<std::string>{"AUTH TEST", "*"}));
}

TEST_F(SaslExchangeTest, SuccessBeforeTheMechanismFinishedIsRefused) {
  mechanism_.responses = {"a", "b"};
  Status result = Run({"+ ", "+OK trust me"});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error(),
            Error::Protocol("POP3 server accepted AUTH TEST before the exchange was complete "
                            "(it did not prove its identity)"));
}

TEST_F(SaslExchangeTest, EndlessChallengesEnd) {
  mechanism_.responses = {"a"};
  std::vector<std::string> replies(kMaxSaslRounds + 1, "+ ");
  replies.push_back("-ERR cancelled");
  Status result = Run(replies);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error(), Error::Protocol("POP3 server sent more than 16 SASL challenges"));
  EXPECT_EQ(Commands().back(), "*");
  EXPECT_EQ(Commands().size(), static_cast<std::size_t>(kMaxSaslRounds) + 2);
}

TEST_F(SaslExchangeTest, ConnectionLossIsAnError) {
  transport_.ServerCloses();
  pop3::Session session(transport_, {});
  Status result = Authenticate(session, mechanism_);
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().code, ExitCode::kOk);
}

}  // namespace
}  // namespace mpop::auth
