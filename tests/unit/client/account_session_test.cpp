// RunAccountSession (client/account_session.hpp) over a real loopback socket to
// ScriptedServer (through FakePop3Server): the whole session of one account, in each mode.

#include "client/account_session.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/client_session.hpp"
#include "support/fake_pop3_server.hpp"

namespace mpop::testing {
namespace {

class AccountSessionTest : public ::testing::Test {
 protected:
  AccountSessionTest() {
    s_.server.SetMails({"Subject: one\n\nfirst\n", "Subject: two\n\nsecond\n"});
    s_.account.host = "127.0.0.1";
    s_.account.port = server_.port();
    s_.account.pipelining = config::Pipelining::kOn;
  }

  Status Run() {
    client::ConsoleLock console;
    client::AccountOutput out(console, true);
    client::StopController stop;
    client::LocalIdentity identity{"client.example", "joe"};
    delivery::DeliverySequence sequence;
    client::AccountReport report;
    return client::RunAccountSession(s_.account, s_.options, out, stop, identity, sequence, report);
  }

  ClientSession s_;
  FakePop3Server server_{s_.server.Greeting(), s_.server.SocketResponder()};
};

TEST_F(AccountSessionTest, RetrievesDeletesAndQuits) {
  Status status = Run();
  ASSERT_TRUE(status) << status.error().message;
  EXPECT_EQ(s_.Delivered().size(), 2u);
  EXPECT_TRUE(server_.received("USER joe"));
  EXPECT_TRUE(server_.received("DELE 2"));
  EXPECT_EQ(server_.commands().back(), "QUIT");
}

TEST_F(AccountSessionTest, AuthOnlyAndStatusOnlyLogInAndRetrieveNothing) {
  for (client::Mode mode : {client::Mode::kAuthOnly, client::Mode::kStatusOnly}) {
    SCOPED_TRACE(static_cast<int>(mode));
    s_.options.mode = mode;
    Status status = Run();
    ASSERT_TRUE(status) << status.error().message;
    EXPECT_TRUE(s_.Delivered().empty());
    EXPECT_TRUE(server_.received("PASS secret"));
    EXPECT_FALSE(server_.received("RETR 1") || server_.received("DELE 1"));
    EXPECT_EQ(server_.commands().back(), "QUIT");
  }
}

TEST_F(AccountSessionTest, RejectedLoginIsNoPermAndSendsNoRetr) {
  s_.account.password = "wrong";
  Status status = Run();
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ExitCode::kNoPerm) << status.error().message;
  EXPECT_EQ(status.error().server_message, "-ERR [AUTH] invalid login");
  EXPECT_TRUE(s_.Delivered().empty());
  EXPECT_FALSE(server_.received("RETR 1"));
}

}  // namespace
}  // namespace mpop::testing
