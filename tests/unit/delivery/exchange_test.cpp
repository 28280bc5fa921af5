#include "delivery/exchange.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <string>
#include <vector>

#include "delivery/open_delivery.hpp"
#include "support/faulty_file_system.hpp"
#include "support/temp_dir.hpp"

namespace mpop::delivery {
namespace {

namespace fs = std::filesystem;
using ::mpop::testing::Call;
using ::mpop::testing::FaultyFileSystem;
using ::mpop::testing::ReadFile;
using ::mpop::testing::ScopedTempDir;

std::vector<std::string> List(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

TEST(ExchangeFileNameTest, Layout) {
  EXPECT_EQ(ExchangeFileName({1700000000, 42, 4242, 7, "mail.example"}),
            "mpop-1700000000-M000042P4242Q7-mail.example.eml");
}

class ExchangeTest : public ::testing::Test {
 protected:
  ExchangeTest() { fs::create_directory(pickup_); }

  ExchangeOptions Fixed() {
    ExchangeOptions options;
    options.host_name = "a/b:c";
    options.pid = 99;
    options.clock = [] {
      return std::chrono::system_clock::time_point(std::chrono::seconds(1700000000) +
                                                   std::chrono::microseconds(5));
    };
    options.file_system = &faulty_;
    return options;
  }

  std::unique_ptr<Delivery> Open() {
    auto delivery = OpenExchange(pickup_ + "/", Fixed());
    EXPECT_TRUE(delivery) << delivery.error().message;
    return delivery ? std::move(*delivery) : nullptr;
  }

  Result<std::string> Deliver(Delivery& delivery, std::string_view mail, std::size_t step) {
    auto writer = delivery.Begin({});
    if (!writer) return std::move(writer).error();
    for (std::size_t i = 0; i < mail.size(); i += step) {
      Status written = (*writer)->Write(mail.substr(i, step));
      if (!written) return std::move(written).error();
    }
    return (*writer)->Finish();
  }

  ScopedTempDir dir_;
  std::string pickup_ = dir_.File("pickup");
  FaultyFileSystem faulty_;
};

TEST_F(ExchangeTest, WritesCrlfFilesWithUniqueNames) {
  auto delivery = Open();
  const std::string mail = "Received: from x\n\tby y\nSubject: z\n\nFrom a\n.\n\rbare CR\n";
  for (std::size_t step : {1, 2, 1000}) {
    auto token = Deliver(*delivery, mail, step);
    ASSERT_TRUE(token) << token.error().message;
    EXPECT_EQ(*token, "");
  }
  ASSERT_TRUE(Deliver(*delivery, "A: b\n\nno final newline", 4));
  ASSERT_TRUE(delivery->Sync());
  const std::string host = "a_057_b_072_c";
  const std::vector<std::string> expected_names = {
      "mpop-1700000000-M000005P99Q1-" + host + ".eml",
      "mpop-1700000000-M000005P99Q2-" + host + ".eml",
      "mpop-1700000000-M000005P99Q3-" + host + ".eml",
      "mpop-1700000000-M000005P99Q4-" + host + ".eml",
  };
  EXPECT_EQ(List(pickup_), expected_names);
  const std::string crlf =
      "Received: from x\r\n\tby y\r\nSubject: z\r\n\r\nFrom a\r\n.\r\n\rbare CR\r\n";
  for (int i = 0; i < 3; ++i) EXPECT_EQ(ReadFile(pickup_ + "/" + expected_names[i]), crlf);
  EXPECT_EQ(ReadFile(pickup_ + "/" + expected_names[3]), "A: b\r\n\r\nno final newline\r\n");
  struct stat st;
  ASSERT_EQ(stat((pickup_ + "/" + expected_names[0]).c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST_F(ExchangeTest, ExistingNameMovesOnToTheNextNumber) {
  const std::string taken = pickup_ + "/mpop-1700000000-M000005P99Q1-a_057_b_072_c.eml";
  ::mpop::testing::WriteFile(taken, "someone else's");
  auto delivery = Open();
  ASSERT_TRUE(Deliver(*delivery, "x\n", 1));
  EXPECT_EQ(ReadFile(taken), "someone else's");
  EXPECT_EQ(List(pickup_).size(), 2u);
}

TEST_F(ExchangeTest, FailuresLeaveNoFile) {
  auto delivery = Open();
  faulty_.FailNth(Call::kFsync, 1, EIO);
  auto token = Deliver(*delivery, "A: b\n\nc\n", 2);
  ASSERT_FALSE(token);
  EXPECT_EQ(token.error().code, ExitCode::kIoErr);
  EXPECT_EQ(token.error().message, "cannot sync exchange file " + pickup_ +
                                       "/mpop-1700000000-M000005P99Q1-a_057_b_072_c.eml: "
                                       "Input/output error");
  EXPECT_TRUE(List(pickup_).empty());
  {
    auto writer = delivery->Begin({});
    ASSERT_TRUE(writer);
    ASSERT_TRUE((*writer)->Write("partial"));
  }
  EXPECT_TRUE(List(pickup_).empty());
  faulty_.FailNth(Call::kOpenAt, 1, EACCES);
  auto refused = delivery->Begin({});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message, "cannot create exchange file " + pickup_ +
                                         "/mpop-1700000000-M000005P99Q3-a_057_b_072_c.eml: "
                                         "Permission denied");
}

TEST_F(ExchangeTest, MissingDirectory) {
  auto delivery = OpenExchange(dir_.File("none"));
  ASSERT_FALSE(delivery);
  EXPECT_EQ(delivery.error().message, "cannot open exchange pickup directory " + dir_.File("none") +
                                          ": No such file or directory");
}

TEST(OpenDeliveryTest, OpensEachKind) {
  ScopedTempDir dir;
  for (const char* sub : {"md", "md/tmp", "md/new", "md/cur", "pickup"}) {
    fs::create_directory(dir.File(sub));
  }
  const std::vector<DeliveryTarget> targets = {
      {FindDeliveryKind("maildir"), dir.File("md"), nullptr, nullptr, std::nullopt},
      {FindDeliveryKind("mbox"), dir.File("mbox"), nullptr, nullptr, std::nullopt},
      {FindDeliveryKind("mda"), "cat > " + dir.File("mda-out"), nullptr, nullptr, std::nullopt},
      {FindDeliveryKind("exchange"), dir.File("pickup"), nullptr, nullptr, std::nullopt},
  };
  for (const DeliveryTarget& target : targets) {
    auto delivery = OpenDelivery(target);
    ASSERT_TRUE(delivery) << delivery.error().message;
    auto writer = (*delivery)->Begin({.uid = "1", .envelope_sender = "s@x", .server_size = 0});
    ASSERT_TRUE(writer) << writer.error().message;
    ASSERT_TRUE((*writer)->Write("A: b\n\nbody\n"));
    auto token = (*writer)->Finish();
    ASSERT_TRUE(token) << token.error().message;
    ASSERT_TRUE((*delivery)->Sync());
    std::vector<std::string> tokens = {*token};
    ASSERT_TRUE((*delivery)->Publish(tokens));
    EXPECT_EQ(target.kind->delivers_on_finish, target.kind != FindDeliveryKind("maildir"));
  }
  EXPECT_EQ(List(dir.File("md/new")).size(), 1u);
  EXPECT_EQ(List(dir.File("pickup")).size(), 1u);
  EXPECT_EQ(ReadFile(dir.File("mda-out")), "A: b\n\nbody\n");
  EXPECT_NE(ReadFile(dir.File("mbox")).find("From s@x "), std::string::npos);
}

}  // namespace
}  // namespace mpop::delivery
