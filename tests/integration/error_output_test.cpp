// What the real mpop prints when the server rejects the login (issue #15 item 9): the server's
// words once, quoted in our one-line message (a separate "POP3 server message:" line only
// when the quote had to cut them), and the --debug warning on stderr, so that stdout holds
// the settings and the trace alone. (A signal during a transfer exits 75, as the manual
// says: SignalTest in crash_test.cpp.)

#include <gtest/gtest.h>

#include <string>

#include "support/fake_pop3_server.hpp"
#include "support/mpop_runner.hpp"
#include "support/scripted_server.hpp"

namespace mpop::testing {
namespace {

constexpr char kWarning[] =
    "mpop: the protocol trace below shows every line sent, including passwords and credentials "
    "that are easy to decode; do not share it as is\n";

class ErrorOutputTest : public ::testing::Test {
 protected:
  // A server that rejects PASS with `reply` (no line end).
  RunResult Run(const std::string& reply, std::vector<std::string> args) {
    script_.overrides["PASS secret"] = reply + "\r\n";
    FakePop3Server server(script_.Greeting(),
                          [&](const std::string& c) { return FakeReply{script_.Respond(c)}; });
    home_.WriteConfig("account default\nhost 127.0.0.1\nport " + std::to_string(server.port()) +
                      "\nuser joe\npassword secret\nauth user\ntimeout 10\ndelivery maildir " +
                      home_.MakeMaildir("Mail") + "\n");
    return home_.Run(args, std::chrono::seconds(30));
  }
  std::string Trailer() const {
    return "mpop: error during mail retrieval (account default from " + home_.home() +
           "/.mpoprc)\n";
  }

  ScriptedServer script_;
  MpopHome home_;
};

TEST_F(ErrorOutputTest, RejectionIsPrintedOnce) {
  RunResult run = Run("-ERR [AUTH] bad login", {"-q"});
  EXPECT_EQ(run.exit_code, 77) << run.Describe();
  EXPECT_EQ(run.err,
            "mpop: POP3 server rejected PASS: \"-ERR [AUTH] bad login\" (the credentials were "
            "rejected; check the user name and password)\n" +
                Trailer());
}

// Our quote stops after 200 characters; then the whole line follows on its own.
TEST_F(ErrorOutputTest, LongRejectionIsQuotedCutThenGivenWhole) {
  const std::string reply = "-ERR " + std::string(250, 'x');
  RunResult run = Run(reply, {"-q"});
  EXPECT_EQ(run.exit_code, 77) << run.Describe();
  EXPECT_EQ(run.err, "mpop: POP3 server rejected PASS: \"" + reply.substr(0, 200) + "...\"\n" +
                         "mpop: POP3 server message: " + reply + "\n" + Trailer());
}

TEST_F(ErrorOutputTest, DebugWarningGoesToStderr) {
  RunResult run = Run("-ERR [AUTH] bad login", {"-d"});
  EXPECT_EQ(run.exit_code, 77) << run.Describe();
  EXPECT_EQ(run.err.rfind(kWarning, 0), 0u) << run.err;
  EXPECT_EQ(run.out.find("trace below"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("<-- -ERR [AUTH] bad login\n"), std::string::npos) << run.out;
}

}  // namespace
}  // namespace mpop::testing
