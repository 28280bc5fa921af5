// What a session tells the poll loop through its AccountReport (client/account_report.hpp):
// the LOGIN-DELAY capability, before login or, for "LOGIN-DELAY n USER", the value the
// CAPA after login gives; and a login refused with [LOGIN-DELAY] or [IN-USE].

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "client/account_session.hpp"
#include "support/client_session.hpp"
#include "support/fake_pop3_server.hpp"

namespace mpop::testing {
namespace {

using std::chrono::seconds;

class PollReportTest : public ::testing::Test {
 protected:
  PollReportTest() {
    s_.server.SetMails({"Subject: one\n\nfirst\n"});
    s_.account.host = "127.0.0.1";
    s_.account.port = server_.port();
  }

  client::AccountReport Run() {
    client::ConsoleLock console;
    client::AccountOutput out(console, true);
    client::StopController stop;
    client::LocalIdentity identity{"client.example", "joe"};
    delivery::DeliverySequence sequence;
    client::AccountReport report;
    status_ =
        client::RunAccountSession(s_.account, s_.options, out, stop, identity, sequence, report);
    return report;
  }

  ClientSession s_;
  FakePop3Server server_{s_.server.Greeting(), s_.server.SocketResponder()};
  Status status_;
};

TEST_F(PollReportTest, NoLoginDelayNoRefusal) {
  const client::AccountReport report = Run();
  ASSERT_TRUE(status_) << status_.error().message;
  EXPECT_EQ(report.login_delay, std::nullopt);
  EXPECT_FALSE(report.refused_login_delay || report.refused_in_use);
}

TEST_F(PollReportTest, TheLoginDelayBeforeLogin) {
  s_.server.capabilities = {"TOP", "UIDL", "USER", "LOGIN-DELAY 60"};
  const client::AccountReport report = Run();
  ASSERT_TRUE(status_) << status_.error().message;
  EXPECT_EQ(report.login_delay, seconds(60));
}

TEST_F(PollReportTest, AUserSpecificLoginDelayIsAskedForAfterLogin) {
  s_.server.capabilities = {"TOP", "UIDL", "USER", "PIPELINING", "LOGIN-DELAY 900 USER"};
  s_.server.capabilities_after_login = {"TOP", "UIDL", "USER", "PIPELINING", "LOGIN-DELAY 300"};
  const client::AccountReport report = Run();
  ASSERT_TRUE(status_) << status_.error().message;
  EXPECT_EQ(report.login_delay, seconds(300));
  EXPECT_EQ(s_.Delivered().size(), 1u);
}

TEST_F(PollReportTest, ARefusedLoginNamesItsResponseCode) {
  struct Case {
    std::string reply;
    bool login_delay;
    bool in_use;
  };
  for (const Case& test :
       {Case{"-ERR [LOGIN-DELAY] wait\r\n", true, false},
        Case{"-ERR [LOGIN-DELAY/MORE] wait\r\n", true, false},
        Case{"-ERR [IN-USE] busy\r\n", false, true}, Case{"-ERR [AUTH] no\r\n", false, false},
        Case{"-ERR [IN-USER] odd\r\n", false, false}}) {
    SCOPED_TRACE(test.reply);
    s_.server.overrides["PASS secret"] = test.reply;
    const client::AccountReport report = Run();
    ASSERT_FALSE(status_);
    EXPECT_EQ(report.refused_login_delay, test.login_delay);
    EXPECT_EQ(report.refused_in_use, test.in_use);
  }
}

}  // namespace
}  // namespace mpop::testing
