// The errors a new user meets first say what to do (issue 15 item 15): no configuration
// file, no delivery, a delivery without its directory, a size with an unknown suffix.
#include <gtest/gtest.h>

#include <string>

#include "support/mpop_runner.hpp"

namespace mpop::testing {
namespace {

TEST(FirstErrorsTest, NoConfigurationFileSaysHowToWriteOne) {
  MpopHome home;
  RunResult run = home.Run({});
  EXPECT_EQ(run.exit_code, 74) << run.Describe();
  EXPECT_EQ(run.err, "mpop: " + home.home() +
                         "/.mpoprc: No such file or directory; write one (man mpop shows an "
                         "example), let mpop --configure=ADDRESS suggest one, or name the "
                         "server with --host=HOST\n");
}

TEST(FirstErrorsTest, NoDeliveryNamesTheCommandAndTheOption) {
  MpopHome home;
  home.WriteConfig("account default\nhost pop.example.org\nuser joe\n");
  RunResult run = home.Run({});
  EXPECT_EQ(run.exit_code, 78) << run.Describe();
  EXPECT_EQ(run.err, "mpop: account default from " + home.home() +
                         "/.mpoprc: no delivery information: say where mail goes with the "
                         "delivery command (such as delivery maildir ~/Mail) or with "
                         "--delivery=METHOD,ARGUMENT\n");
}

TEST(FirstErrorsTest, AMaildirDeliveryWithoutDirectorySaysItNeedsOne) {
  MpopHome home;
  home.WriteConfig("account default\nhost pop.example.org\ndelivery maildir\n");
  RunResult run = home.Run({});
  EXPECT_EQ(run.exit_code, 78) << run.Describe();
  EXPECT_EQ(run.err, "mpop: " + home.home() +
                         "/.mpoprc: line 3: delivery maildir needs a directory, such as: "
                         "delivery maildir ~/Mail\n");
}

TEST(FirstErrorsTest, ASizeWithACapitalSuffixNamesTheCommandAndTheSuffixes) {
  MpopHome home;
  home.WriteConfig("account default\nhost pop.example.org\nkillsize 10K\n");
  RunResult run = home.Run({});
  EXPECT_EQ(run.exit_code, 78) << run.Describe();
  EXPECT_EQ(run.err, "mpop: " + home.home() +
                         "/.mpoprc: line 3: invalid size (not a number or out of range): 10K; "
                         "killsize takes off or a number of bytes, optionally followed by k "
                         "(KiB) or m (MiB), such as 10k\n");
  run = home.Run({"--skipsize=10K"});
  EXPECT_EQ(run.exit_code, 64) << run.Describe();
  EXPECT_EQ(run.err,
            "mpop: invalid argument 10K for --skipsize; --skipsize takes off or a number of "
            "bytes, optionally followed by k (KiB) or m (MiB), such as 10k\n");
}

}  // namespace
}  // namespace mpop::testing
