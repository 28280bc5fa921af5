// The errors a new user meets first say what to do (issue 15 item 15): no configuration
// file, no delivery, a delivery without its directory, a size with an unknown suffix.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "support/mpop_runner.hpp"

namespace mpop::testing {
namespace {

struct FirstError {
  std::optional<std::string> config;  // none: no configuration file at all
  std::vector<std::string> args;
  int exit_code;
  std::string err;  // after "mpop: "; "HOME" stands for the home directory
};

TEST(FirstErrorsTest, SayWhatToDo) {
  const std::string account = "account default\nhost pop.example.org\n";
  const std::vector<FirstError> cases = {
      {std::nullopt,
       {},
       74,
       "HOME/.mpoprc: No such file or directory; write one (man mpop shows an example), let "
       "mpop --configure=ADDRESS suggest one, or name the server with --host=HOST"},
      {account + "user joe\n",
       {},
       78,
       "account default from HOME/.mpoprc: no delivery information: say where mail goes with "
       "the delivery command (such as delivery maildir ~/Mail) or with "
       "--delivery=METHOD,ARGUMENT"},
      {account + "delivery maildir\n",
       {},
       78,
       "HOME/.mpoprc: line 3: delivery maildir needs a directory, such as: delivery maildir "
       "~/Mail"},
      {account + "killsize 10K\n",
       {},
       78,
       "HOME/.mpoprc: line 3: invalid size (not a number or out of range): 10K; killsize takes "
       "off or a number of bytes, optionally followed by k (KiB) or m (MiB), such as 10k"},
      {account,
       {"--skipsize=10K"},
       64,
       "invalid argument 10K for --skipsize; --skipsize takes off or a number of bytes, "
       "optionally followed by k (KiB) or m (MiB), such as 10k"},
  };
  for (const FirstError& c : cases) {
    SCOPED_TRACE(c.err);
    MpopHome home;
    if (c.config) home.WriteConfig(*c.config);
    RunResult run = home.Run(c.args);
    std::string expected = "mpop: " + c.err + "\n";
    for (std::size_t at; (at = expected.find("HOME")) != std::string::npos;) {
      expected.replace(at, 4, home.home());
    }
    EXPECT_EQ(run.exit_code, c.exit_code) << run.Describe();
    EXPECT_EQ(run.err, expected);
  }
}

}  // namespace
}  // namespace mpop::testing
