#include "client/json_lines.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <thread>
#include <vector>

namespace mpop::client {
namespace {

TEST(JsonLinesTest, ObjectsCarryTypeAndSchemaVersion) {
  EXPECT_EQ(FormatJsonLine(JsonObject("account_start")),
            "{\"schema\":1,\"type\":\"account_start\"}\n");
}

TEST(JsonLinesTest, BytesThatAreNotUtf8BecomeReplacementCharacters) {
  nlohmann::json object = JsonObject("x");
  object["text"] = std::string("caf\xe9");
  EXPECT_EQ(FormatJsonLine(object), "{\"schema\":1,\"text\":\"caf\xef\xbf\xbd\",\"type\":\"x\"}\n");
}

TEST(JsonLinesTest, ErrorsCarryTheirSysexitsCodeAndName) {
  const std::string account = "isp";
  EXPECT_EQ(FormatJsonLine(ErrorJson(&account, Error::NoPerm("authentication failed"))),
            "{\"account\":\"isp\",\"code\":77,\"code_name\":\"EX_NOPERM\",\"message\":"
            "\"authentication failed\",\"schema\":1,\"type\":\"error\"}\n");
  EXPECT_EQ(ErrorJson(nullptr, Error::Config("no account x"))["account"], nullptr);
  EXPECT_EQ(ExitCodeName(ExitCode::kOk), "EX_OK");
  EXPECT_EQ(ExitCodeName(ExitCode::kUsage), "EX_USAGE");
  EXPECT_EQ(ExitCodeName(ExitCode::kConfig), "EX_CONFIG");
  EXPECT_EQ(ExitCodeName(ExitCode::kTempFail), "EX_TEMPFAIL");
}

TEST(JsonLinesTest, LinesFromSeveralThreadsStayWhole) {
  std::FILE* file = std::tmpfile();
  ASSERT_NE(file, nullptr);
  const JsonLines lines(file);
  nlohmann::json object = JsonObject("mail");
  object["uid"] = std::string(5000, 'u');
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i) lines.Write(object);
    });
  }
  for (std::thread& thread : threads) thread.join();
  std::rewind(file);
  const std::string expected = FormatJsonLine(object);
  std::string line(expected.size(), '\0');
  for (int i = 0; i < 800; ++i) {
    ASSERT_EQ(std::fread(line.data(), 1, line.size(), file), line.size());
    ASSERT_EQ(line, expected) << "line " << i;
  }
  EXPECT_EQ(std::fgetc(file), EOF);
  std::fclose(file);
}

}  // namespace
}  // namespace mpop::client
