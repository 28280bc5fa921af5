// Login (client/login.hpp) against ScriptedServer over a FakeTransport: the method chosen,
// what is sent, and the exact errors.

#include "client/login.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/client_session.hpp"

namespace mpop::testing {
namespace {

class LoginTest : public ::testing::Test {
 protected:
  Status Run() {
    pop3::Session& session = s_.Connect();
    auto capabilities = session.Capa();
    EXPECT_TRUE(capabilities);
    return client::Login(s_.Context(), session, s_.greeting, *capabilities, client::LoginState{});
  }

  ClientSession s_;
};

TEST_F(LoginTest, UserPassSendsUserThenPass) {
  Status status = Run();
  ASSERT_TRUE(status) << status.error().message;
  EXPECT_EQ(s_.transport->commands(),
            (std::vector<std::string>{"CAPA", "USER joe", "PASS secret"}));
}

TEST_F(LoginTest, RejectedPassGivesTheServersWords) {
  s_.account.password = "wrong";
  Status status = Run();
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().message,
            "POP3 server rejected PASS: \"-ERR [AUTH] invalid login\" (the credentials were "
            "rejected; check the user name and password)");
  EXPECT_EQ(status.error().code, ExitCode::kNoPerm);
  EXPECT_EQ(status.error().server_message, "-ERR [AUTH] invalid login");
}

TEST_F(LoginTest, ApopUsesTheGreetingsTimestamp) {
  s_.account.auth = "APOP";
  Status status = Run();
  ASSERT_TRUE(status) << status.error().message;
  // MD5 of "<1896.697170952@dbc.mtview.ca.us>secret", the greeting's timestamp and the
  // password (RFC 1939 7).
  EXPECT_EQ(s_.transport->commands(),
            (std::vector<std::string>{"CAPA", "APOP joe 3f18b52881e44c0cc6067f46e0ced7bc"}));
}

TEST_F(LoginTest, MethodTheServerDoesNotOfferFailsBeforeAnyPassword) {
  s_.account.auth = "CRAM-MD5";
  Status status = Run();
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ExitCode::kUnavailable) << status.error().message;
  EXPECT_EQ(s_.transport->commands(), std::vector<std::string>{"CAPA"});
}

}  // namespace
}  // namespace mpop::testing
