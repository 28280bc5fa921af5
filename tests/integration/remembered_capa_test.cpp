// The remembered CAPA reply (issue 17, client/remembered_capa.hpp): with `auth user` and a
// server that offered PIPELINING, CAPA goes with the login batch instead of on its own; a
// remembered reply never skips STLS, and a fresh reply that contradicts it wins.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "support/delay_proxy.hpp"
#include "support/dovecot_server.hpp"
#include "support/fake_pop3_server.hpp"
#include "support/mail_factory.hpp"
#include "support/mpop_runner.hpp"
#include "support/scripted_server.hpp"

namespace mpop::testing {
namespace {

using std::chrono::milliseconds;

// Inside TLS (STARTTLS) against Dovecot: the second session still asks CAPA and sends STLS
// before anything else, then sends CAPA together with USER and PASS: one round trip less.
TEST(RememberedCapaTest, SecondSessionSendsCapaWithTheLoginAndStillStls) {
  DovecotServer server;
  MPOP_REQUIRE(server.Start({.users = {{"alice", "alicepw", MakeMails(3, {})}}, .tls = true}));
  auto proxy = DelayProxy::Start({.target_port = server.pop3_port(), .delay = milliseconds(5)});
  ASSERT_TRUE(proxy) << proxy.error().message;
  MpopHome home;
  const std::string maildir = home.MakeMaildir("Mail");
  const std::string uidls = home.home() + "/uidls";
  home.WriteConfig(DovecotAccount("default", (*proxy)->port(), "alice", "alicepw", maildir,
                                  "keep on\ntls on\ntls_starttls on\ntls_trust_file " +
                                      server.ca_cert() + "\nuidls_file " + uidls + "\n"));
  RunResult first = home.Run({"-q"});
  ASSERT_TRUE(first.ok()) << first.Describe();
  // Nothing new, nothing remembered: the round trips as before.
  std::filesystem::remove(uidls + ".capa");
  (*proxy)->ResetCounters();
  RunResult forgotten = home.Run({"-q"});
  ASSERT_TRUE(forgotten.ok()) << forgotten.Describe();
  const int first_trips = (*proxy)->round_trips();
  const std::string remembered = ReadFile(uidls + ".capa");
  EXPECT_NE(remembered.find("\n= 127.0.0.1 alice 1\n"), std::string::npos) << remembered;
  EXPECT_NE(remembered.find("\n  PIPELINING\n"), std::string::npos) << remembered;

  (*proxy)->ResetCounters();
  RunResult second = home.Run({"-d"});
  ASSERT_TRUE(second.ok()) << second.Describe();
  EXPECT_EQ((*proxy)->round_trips(), first_trips - 1);
  const std::size_t capa = second.out.find("--> CAPA");
  const std::size_t stls = second.out.find("--> STLS");
  const std::size_t capa_again = second.out.find("--> CAPA", stls);
  const std::size_t user = second.out.find("--> USER alice");
  ASSERT_TRUE(capa != std::string::npos && stls != std::string::npos &&
              capa_again != std::string::npos && user != std::string::npos)
      << second.out;
  EXPECT_LT(capa, stls);
  EXPECT_LT(capa_again, user);
  EXPECT_EQ(ReadFile(uidls + ".capa"), remembered) << "nothing changed, nothing to write";
}

class RememberedCapaScriptedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    scripted_.SetMails({"Subject: 1\n\nbody\n"});
    scripted_.capabilities = {"TOP", "UIDL", "USER", "PIPELINING"};
  }
  void Configure(const std::string& extra) {
    home_.WriteConfig("account default\nhost 127.0.0.1\nport " + std::to_string(server_.port()) +
                      "\nuser joe\npassword secret\nauth user\nkeep on\ntimeout 10\n"
                      "delivery maildir " +
                      maildir_ + "\nuidls_file " + uidls_ + "\n" + extra);
  }
  void Remember(const std::string& block) {
    std::ofstream(uidls_ + ".capa") << "# test\n" << block;
  }

  ScriptedServer scripted_;
  FakePop3Server server_{scripted_.Greeting(), scripted_.SocketResponder()};
  MpopHome home_;
  std::string maildir_ = home_.MakeMaildir("Mail");
  std::string uidls_ = home_.home() + "/uidls";
};

// A remembered reply from inside TLS says PIPELINING; the server now offers no STLS at
// all. The client asks CAPA before TLS as always and fails as it does without a remembered
// reply: no USER, no password in clear.
TEST_F(RememberedCapaScriptedTest, NeverSkipsStlsWhenTheServerStopsOfferingIt) {
  Remember("= 127.0.0.1 joe 1\n  TOP\n  UIDL\n  USER\n  PIPELINING\n");
  Configure("tls on\ntls_starttls on\ntls_certcheck off\n");
  RunResult run = home_.Run({});
  EXPECT_EQ(run.exit_code, 69) << run.Describe();
  EXPECT_EQ(run.err,
            "mpop: the POP3 server does not support TLS via the STLS command (it does not list "
            "STLS in its capabilities); use tls_starttls off if it offers TLS on its own port\n"
            "mpop: error during mail retrieval (account default from " +
                home_.home() + "/.mpoprc)\n");
  EXPECT_EQ(server_.commands(), (std::vector<std::string>{"CAPA"}));
}

// The server offers STLS (but cannot do TLS): STLS is sent, the handshake fails, and the
// password never leaves.
TEST_F(RememberedCapaScriptedTest, SendsStlsBeforeAnyLoginWithARememberedReply) {
  scripted_.capabilities.push_back("STLS");
  Remember("= 127.0.0.1 joe 1\n  TOP\n  UIDL\n  USER\n  PIPELINING\n  STLS\n");
  Configure("tls on\ntls_starttls on\ntls_certcheck off\n");
  RunResult run = home_.Run({});
  EXPECT_FALSE(run.ok()) << run.Describe();
  const std::vector<std::string> commands = server_.commands();
  ASSERT_GE(commands.size(), 2u);
  EXPECT_EQ(commands[0], "CAPA");
  EXPECT_EQ(commands[1], "STLS");
  for (const std::string& command : commands) {
    EXPECT_FALSE(command.starts_with("USER") || command.starts_with("PASS")) << command;
  }
}

// Without TLS: the remembered reply said PIPELINING, the fresh one (sent with the login)
// does not. The session still works, and the file now holds the fresh reply, so the next
// session asks CAPA on its own again.
TEST_F(RememberedCapaScriptedTest, AFreshReplyThatContradictsWinsAndIsRemembered) {
  scripted_.capabilities = {"TOP", "UIDL", "USER"};
  Remember("= 127.0.0.1 joe 0\n  TOP\n  UIDL\n  USER\n  PIPELINING\n");
  Configure("tls off\n");
  RunResult run = home_.Run({"-q"});
  ASSERT_TRUE(run.ok()) << run.Describe();
  EXPECT_EQ(FilesIn(maildir_ + "/new").size(), 1u);
  const std::vector<std::string> commands = server_.commands();
  ASSERT_GE(commands.size(), 3u);
  EXPECT_EQ(commands[0], "CAPA");
  EXPECT_EQ(commands[1], "USER joe");
  EXPECT_EQ(ReadFile(uidls_ + ".capa"),
            "# The last CAPA reply of each account's POP3 server, remembered by mpop so that its\n"
            "# next session can send CAPA together with the login. A cache: it may be removed.\n"
            "= 127.0.0.1 joe 0\n  TOP\n  UIDL\n  USER\n");
}

}  // namespace
}  // namespace mpop::testing
