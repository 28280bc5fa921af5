// APOP inside STARTTLS (issue #15 item 1) against a real Dovecot: the timestamp of the plain
// greeting belongs to the session and stays valid after STLS (the digest travels inside TLS,
// so a forged timestamp can only make the login fail). What RFC 2595 says to forget, the
// capabilities, are asked again with CAPA.

#include <gtest/gtest.h>

#include <string>

#include "support/dovecot_server.hpp"
#include "support/mail_factory.hpp"
#include "support/mpop_runner.hpp"

namespace mpop::testing {
namespace {

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

class ApopStarttlsTest : public ::testing::Test {
 protected:
  // Dovecot offers APOP (its greeting's timestamp), USER and SASL LOGIN only, so that the
  // automatic choice inside TLS meets APOP before USER (manual chapter 5's order).
  Status Start() {
    return server_.Start({.users = {{"alice", "alicepw", MakeMails(1, {})}},
                          .tls = true,
                          .extra_conf = {"auth_mechanisms = apop login"}});
  }
  RunResult Retrieve(const std::string& auth) {
    maildir_ = home_.MakeMaildir("Mail");
    home_.WriteConfig(DovecotAccount("default", server_.pop3_port(), "alice", "alicepw", maildir_,
                                     "timeout 20\ntls on\ntls_starttls on\ntls_trust_file " +
                                         server_.ca_cert() + "\nauth " + auth + "\n"));
    return home_.Run({"-d"});
  }

  DovecotServer server_;
  MpopHome home_;
  std::string maildir_;
};

TEST_F(ApopStarttlsTest, ExplicitApopLogsInAfterStls) {
  MPOP_REQUIRE(Start());
  RunResult run = Retrieve("apop");
  ASSERT_TRUE(run.ok()) << run.Describe() << run.out;
  // CAPA is asked again inside TLS; APOP follows it.
  const std::size_t stls = run.out.find("--> STLS");
  ASSERT_NE(stls, std::string::npos) << run.out;
  const std::size_t capa_again = run.out.find("--> CAPA", stls);
  ASSERT_NE(capa_again, std::string::npos) << run.out;
  EXPECT_NE(run.out.find("--> APOP alice ", capa_again), std::string::npos) << run.out;
  EXPECT_EQ(FilesIn(maildir_ + "/new").size(), 1u);
  EXPECT_TRUE(server_.WaitForLog("method=APOP")) << server_.Log();
}

TEST_F(ApopStarttlsTest, AutomaticChoicePrefersApopToUser) {
  MPOP_REQUIRE(Start());
  RunResult run = Retrieve("on");
  ASSERT_TRUE(run.ok()) << run.Describe() << run.out;
  EXPECT_TRUE(Contains(run.out, "--> APOP alice ")) << run.out;
  EXPECT_FALSE(Contains(run.out, "--> USER")) << run.out;
  EXPECT_EQ(FilesIn(maildir_ + "/new").size(), 1u);
}

}  // namespace
}  // namespace mpop::testing
