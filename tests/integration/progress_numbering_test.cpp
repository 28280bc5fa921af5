// Progress lines number each mail by the server's message number and total, the same
// count as the filter notices (issue 15 item 5): "deleting message 2 of 3" is followed by
// "retrieving message 1 of 3" and "3 of 3", as Debian's mpop prints them, not "1 of 2".
#include <gtest/gtest.h>

#include <regex>
#include <string>
#include <vector>

#include "support/fake_pop3_server.hpp"
#include "support/mpop_runner.hpp"
#include "support/process.hpp"
#include "support/scripted_server.hpp"

namespace mpop::testing {
namespace {

constexpr char kDebianMpop[] = "/usr/bin/mpop";

// The notice and progress lines, without the percentages.
std::vector<std::string> NumberedLines(const std::string& out) {
  static const std::regex kLine("(deleting|skipping|retrieving) message [0-9]+ of [0-9]+");
  std::vector<std::string> lines;
  for (auto it = std::sregex_iterator(out.begin(), out.end(), kLine); it != std::sregex_iterator();
       ++it) {
    lines.push_back(it->str());
  }
  return lines;
}

TEST(ProgressNumberingTest, ByTheServersMessageNumberAsUpstream) {
  ScriptedServer scripted;
  scripted.SetMails({"Subject: 1\n\nbody\n", "Subject: 2\n\n" + std::string(5000, 'x') + "\n",
                     "Subject: 3\n\nbody\n"});
  FakePop3Server server(scripted.Greeting(), scripted.SocketResponder());
  auto config = [&](const std::string& maildir) {
    return "account default\nhost 127.0.0.1\nport " + std::to_string(server.port()) +
           "\nuser joe\npassword secret\nauth user\ntls off\nkillsize 1000\nkeep on\n"
           "delivery maildir " +
           maildir + "\n";
  };
  // With `keep on` the mail killsize catches is skipped ("killsize + keep"), not deleted.
  const std::vector<std::string> expected = {"skipping message 2 of 3", "retrieving message 1 of 3",
                                             "retrieving message 3 of 3"};
  MpopHome ours;
  ours.WriteConfig(config(ours.MakeMaildir("Mail")));
  RunResult run = ours.Run({});
  ASSERT_TRUE(run.ok()) << run.Describe();
  EXPECT_EQ(NumberedLines(run.out), expected) << run.out;

  if (!RequireExecutable(kDebianMpop)) GTEST_SKIP() << kDebianMpop << " not installed";
  scripted.deleted.clear();  // `keep on`: nothing left the server; mail 2 was killed
  MpopHome theirs;
  theirs.WriteConfig(config(theirs.MakeMaildir("Mail")));
  RunResult upstream = theirs.RunBinary(kDebianMpop, {});
  ASSERT_TRUE(upstream.ok()) << upstream.Describe();
  EXPECT_EQ(NumberedLines(upstream.out), expected) << upstream.out;
}

}  // namespace
}  // namespace mpop::testing
