// Capabilities are ASCII keywords and compare the same in every locale (util/ascii.hpp):
// mpop runs under the user's locale for its translations, and under tr_TR.UTF-8 the C
// library's toupper('i') stays 'i', so "pipelining" would not be recognised.
#include <gtest/gtest.h>

#include <cctype>
#include <clocale>
#include <string>
#include <vector>

#include "pop3/capabilities.hpp"
#include "util/ascii.hpp"

namespace mpop::pop3 {
namespace {

class TurkishLocale : public ::testing::Test {
 protected:
  void SetUp() override {
    // scripts/setup.sh generates this locale, as CI runs it.
    if (std::setlocale(LC_ALL, "tr_TR.UTF-8") == nullptr) {
      GTEST_SKIP() << "locale tr_TR.UTF-8 is not generated (scripts/setup.sh does it)";
    }
  }
  void TearDown() override { std::setlocale(LC_ALL, "C"); }
};

TEST_F(TurkishLocale, TheCLibraryWouldNotUppercaseI) {
  // Why the ASCII helpers exist: if this ever holds again, they still do no harm.
  EXPECT_NE(std::toupper('i'), 'I');
  EXPECT_EQ(AsciiUpper('i'), 'I');
  EXPECT_EQ(AsciiLower('I'), 'i');
  EXPECT_TRUE(AsciiEqualsIgnoreCase("Message-ID", "message-id"));
}

TEST_F(TurkishLocale, LowerCaseCapabilitiesAreRecognised) {
  const std::vector<std::string> lines = {"pipelining", "uidl", "sasl plain", "stls"};
  const Capabilities caps = ParseCapabilities(lines);
  EXPECT_TRUE(caps.pipelining);
  EXPECT_TRUE(caps.uidl);
  EXPECT_TRUE(caps.stls);
}

}  // namespace
}  // namespace mpop::pop3
