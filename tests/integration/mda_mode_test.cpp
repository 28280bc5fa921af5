// `mpop --mda` with nothing on standard input refuses to deliver an empty mail (issue 15
// item 7): exit 65 (EX_DATAERR), one line that says why, and nothing opened or run.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "support/mpop_runner.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace mpop::testing {
namespace {

constexpr char kNoMail[] =
    "mpop: no mail on standard input: --mda delivers the one mail it reads there\n";

RunResult RunMdaMode(const MpopHome& home, const std::string& delivery) {
  Command command;
  command.argv = {MPOP_BIN, "--mda", "--delivery=" + delivery};
  command.env = {{"HOME", home.home()}};
  return RunToResult(command, {.stdin_bytes = std::string()});
}

TEST(MdaModeTest, EmptyInputIsNoMailForAMaildir) {
  MpopHome home;
  const std::string maildir = home.MakeMaildir("Mail");
  RunResult run = RunMdaMode(home, "maildir," + maildir);
  EXPECT_EQ(run.exit_code, 65) << run.Describe();
  EXPECT_EQ(run.err, kNoMail);
  EXPECT_TRUE(FilesIn(maildir + "/new").empty());
  EXPECT_TRUE(FilesIn(maildir + "/tmp").empty());
}

TEST(MdaModeTest, EmptyInputIsNoMailForAnMboxWhichIsNotEvenCreated) {
  MpopHome home;
  const std::string mbox = home.home() + "/mbox";
  RunResult run = RunMdaMode(home, "mbox," + mbox);
  EXPECT_EQ(run.exit_code, 65) << run.Describe();
  EXPECT_EQ(run.err, kNoMail);
  EXPECT_FALSE(std::filesystem::exists(mbox));
}

TEST(MdaModeTest, EmptyInputRunsNoMda) {
  MpopHome home;
  const std::string ran = home.home() + "/ran";
  RunResult run = RunMdaMode(home, "mda,touch " + ran + "; cat > /dev/null");
  EXPECT_EQ(run.exit_code, 65) << run.Describe();
  EXPECT_EQ(run.err, kNoMail);
  EXPECT_FALSE(std::filesystem::exists(ran));
}

}  // namespace
}  // namespace mpop::testing
