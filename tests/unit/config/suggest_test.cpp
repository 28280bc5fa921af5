#include "config/suggest.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mpop::config {
namespace {

TEST(EditDistanceTest, Table) {
  struct Case {
    std::string a, b;
    std::size_t distance;
  } cases[] = {
      {"", "", 0},         {"host", "host", 0},  {"Host", "host", 0},
      {"hots", "host", 1},  // a swap of neighbours counts once
      {"hst", "host", 1},  {"hoost", "host", 1}, {"post", "host", 1},
      {"", "tls", 3},      {"ssl", "tls", 2},    {"uidl_file", "uidls_file", 1},
      {"abc", "cba", 2},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(EditDistance(c.a, c.b), c.distance) << c.a << " / " << c.b;
    EXPECT_EQ(EditDistance(c.b, c.a), c.distance) << c.b << " / " << c.a;
  }
}

TEST(ClosestNameTest, SuggestsOnlyLikelyTypos) {
  std::vector<std::string_view> names = {"host", "port",     "tls",     "tls_trust_file",
                                         "keep", "killsize", "skipsize"};
  EXPECT_EQ(ClosestName("hots", names), "host");
  EXPECT_EQ(ClosestName("HOST", names), "host");
  EXPECT_EQ(ClosestName("tls_trustfile", names), "tls_trust_file");
  EXPECT_EQ(ClosestName("kep", names), "keep");
  EXPECT_EQ(ClosestName("kilsize", names), "killsize");
  EXPECT_EQ(ClosestName("tl", names), "tls");
  EXPECT_EQ(ClosestName("ssl", names), std::nullopt);  // 2 edits in a short word
  EXPECT_EQ(ClosestName("hxxt", names), std::nullopt);
  EXPECT_EQ(ClosestName("", names), std::nullopt);
  EXPECT_EQ(ClosestName("completely_different", names), std::nullopt);
  EXPECT_EQ(ClosestName(std::string(1000, 'h'), names), std::nullopt);
  // Ties go to the first candidate: "hort" is one edit from both host and port.
  EXPECT_EQ(ClosestName("hort", names), "host");
}

}  // namespace
}  // namespace mpop::config
