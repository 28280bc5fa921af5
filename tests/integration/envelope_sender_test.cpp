// The envelope sender of a mail with a quoted local part (issue 15 item 3): `%F` of an MDA
// and the mbox "From " line keep the local part, made safe as other addresses are; they
// used to keep only "@ex.org".
#include <gtest/gtest.h>

#include <string>

#include "support/dovecot_server.hpp"
#include "support/mpop_runner.hpp"
#include "support/temp_dir.hpp"

namespace mpop::testing {
namespace {

class EnvelopeSenderTest : public ::testing::Test {
 protected:
  Status StartServer() {
    DovecotOptions options;
    options.users.push_back(
        {"alice", "alicepw", {"Return-Path: <\"q u\"@ex.org>\nSubject: quoted\n\nbody\n"}});
    return server_.Start(std::move(options));
  }
  void Configure(const std::string& delivery) {
    home_.WriteConfig(DovecotAccount("default", server_.pop3_port(), "alice", "alicepw",
                                     home_.MakeMaildir("unused"), delivery));
  }

  ScopedTempDir dir_;
  DovecotServer server_;
  MpopHome home_;
};

TEST_F(EnvelopeSenderTest, AQuotedLocalPartReachesTheMda) {
  MPOP_REQUIRE(StartServer());
  const std::string log = dir_.File("senders");
  Configure("delivery mda printf '%s\\n' '%F' >> " + log + "; cat > /dev/null");
  RunResult run = home_.Run({"-q"});
  ASSERT_TRUE(run.ok()) << run.Describe();
  EXPECT_EQ(ReadFile(log), "q-u@ex.org\n");
}

TEST_F(EnvelopeSenderTest, AQuotedLocalPartIsInTheMboxFromLine) {
  MPOP_REQUIRE(StartServer());
  const std::string mbox = dir_.File("mbox");
  Configure("delivery mbox " + mbox);
  RunResult run = home_.Run({"-q"});
  ASSERT_TRUE(run.ok()) << run.Describe();
  const std::string content = ReadFile(mbox);
  EXPECT_EQ(content.substr(0, content.find(' ', 5)), "From q-u@ex.org") << content;
}

}  // namespace
}  // namespace mpop::testing
