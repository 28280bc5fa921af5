#include "client/session_log.hpp"

#include <gtest/gtest.h>

#include <regex>

namespace mpop::client {
namespace {

TEST(SessionLogTest, TheLineNamesHostUserCountsBytesAndResult) {
  AccountReport report;
  report.account = "isp";
  report.host = "pop.example.org";
  report.user = "joe";
  report.listed = 5;
  report.new_mails = 2;
  report.retrieved = 2;
  report.bytes = 4096;
  report.deleted = 2;
  report.seconds = std::chrono::duration<double>(0.5);
  EXPECT_EQ(FormatSessionLine(report),
            "host=pop.example.org user=joe account=isp listed=5 new=2 retrieved=2 bytes=4096 "
            "deleted=2 seconds=0.500 exitcode=EX_OK");
  report.code = ExitCode::kTempFail;
  report.error = "cannot connect to pop.example.org, port 110: Connection refused";
  report.user = "joe smith";
  report.account = "";
  EXPECT_EQ(FormatSessionLine(report),
            "host=pop.example.org user='joe smith' account='' listed=5 new=2 retrieved=2 "
            "bytes=4096 deleted=2 seconds=0.500 exitcode=EX_TEMPFAIL errormsg='cannot connect "
            "to pop.example.org, port 110: Connection refused'");
}

TEST(SessionLogTest, ControlCharactersAndQuotesCannotForgeALine) {
  AccountReport report;
  report.host = "h";
  report.user = "u";
  report.account = "a";
  report.code = ExitCode::kProtocol;
  report.error = "server said \"it's\nbroken\"";
  EXPECT_EQ(FormatSessionLine(report),
            "host=h user=u account=a listed=0 new=0 retrieved=0 bytes=0 deleted=0 "
            "seconds=0.000 exitcode=EX_PROTOCOL errormsg='server said \"it'\\''s?broken\"'");
}

TEST(SessionLogTest, TheTimeIsLocalWithItsOffset) {
  EXPECT_TRUE(std::regex_match(FormatLogTime(std::chrono::system_clock::now()),
                               std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4})")));
}

}  // namespace
}  // namespace mpop::client
