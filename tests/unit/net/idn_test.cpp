#include "net/idn.hpp"

#include <gtest/gtest.h>

#include <string>

namespace mpop::net {
namespace {

TEST(ToAsciiHostTest, ConvertsInternationalNames) {
  const std::pair<std::string, std::string> cases[] = {
      {"bücher.example", "xn--bcher-kva.example"},
      {"BÜCHER.example", "xn--bcher-kva.example"},  // case-folded
      {"bu\xcc\x88"
       "cher.example",
       "xn--bcher-kva.example"},  // decomposed ü
      {"pop.müller.de", "pop.xn--mller-kva.de"},
      {"例え.テスト", "xn--r8jz45g.xn--zckzah"},
      {"faß.de", "xn--fa-hia.de"},  // non-transitional: ß stays ß
      // IDNA2008 disallows symbols; the transitional fallback still accepts them.
      {"\u2603.example", "xn--n3h.example"},
  };
  for (const auto& [input, expected] : cases) {
    auto ascii = ToAsciiHost(input);
    ASSERT_TRUE(ascii) << input << ": " << ascii.error().message;
    EXPECT_EQ(*ascii, expected) << input;
  }
}

TEST(ToAsciiHostTest, PassesAsciiThroughUntouched) {
  for (const std::string host : {"pop.example.org", "POP.Example.ORG", "192.0.2.1", "::1",
                                 "under_score.example", "xn--bcher-kva.example", ""}) {
    auto ascii = ToAsciiHost(host);
    ASSERT_TRUE(ascii) << host;
    EXPECT_EQ(*ascii, host);
  }
}

TEST(ToAsciiHostTest, RejectsInvalidNames) {
  std::string long_label;  // 70 × ü: the A-label would exceed 63 bytes
  for (int i = 0; i < 70; ++i) long_label += "\u00fc";
  const std::pair<std::string, std::string> cases[] = {
      {"bad\xff.example", "string encoding error"},
      {"a\u200f.example", "string contains a disallowed character"},  // right-to-left mark
      {"a\u200d.example",  // zero width joiner outside its allowed context
       "string contains a forbidden context-j character"},
      {long_label + ".de", "punycode encoded data will be too large"},
  };
  for (const auto& [input, reason] : cases) {
    auto ascii = ToAsciiHost(input);
    ASSERT_FALSE(ascii) << input;
    EXPECT_EQ(ascii.error(),
              Error::NoHost("cannot convert host name " + input + " to ASCII: " + reason));
  }
}

}  // namespace
}  // namespace mpop::net
