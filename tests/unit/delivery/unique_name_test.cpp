#include "delivery/unique_name.hpp"

#include <gtest/gtest.h>

#include <string>

#include "delivery/sequence.hpp"

namespace mpop::delivery {
namespace {

TEST(UniqueNameTest, SanitizeHostForFileName) {
  struct Case {
    std::string in;
    std::string out;
  };
  for (const Case& c : {Case{"mail.example.org", "mail.example.org"}, Case{"a/b", "a_057_b"},
                        Case{"a:b", "a_072_b"}, Case{"a\\b", "a_134_b"},
                        Case{"//::\\\\", "_057__057__072__072__134__134_"},
                        Case{"x_057_y", "x_057_y"},  // already-escaped text stays as is
                        Case{"", ""}}) {
    EXPECT_EQ(SanitizeHostForFileName(c.in), c.out) << c.in;
  }
}

TEST(UniqueNameTest, MaildirFileName) {
  EXPECT_EQ(MaildirFileName({1700000000, 42, 4242, 1, "host"}), "1700000000.M000042P4242Q1.host");
  EXPECT_EQ(MaildirFileName({1, 999999, 1, 123456789012, "h_057_x"}),
            "1.M999999P1Q123456789012.h_057_x");
  EXPECT_EQ(MaildirFileName({1700000000, 0, 7, 3, "h"}), "1700000000.M000000P7Q3.h");
}

TEST(UniqueNameTest, SequenceStartsAtOne) {
  DeliverySequence sequence;
  EXPECT_EQ(sequence.Next(), 1u);
  EXPECT_EQ(sequence.Next(), 2u);
  EXPECT_EQ(sequence.Next(), 3u);
}

}  // namespace
}  // namespace mpop::delivery
