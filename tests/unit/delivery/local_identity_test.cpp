#include "delivery/local_identity.hpp"

#include <gtest/gtest.h>

#include <string>

namespace mpop::delivery {
namespace {

TEST(LocalIdentityTest, SanitizeLoginName) {
  struct Case {
    std::string in;
    std::string out;
  };
  for (const Case& c :
       {Case{"joe", "joe"}, Case{"Joe.Doe_99-x", "Joe.Doe_99-x"}, Case{"joe doe", "joe-doe"},
        Case{"a\tb\nc\rd\ve\ff", "a-b-c-d-e-f"}, Case{"joe@example.org", "joe_example.org"},
        Case{"<joe>;", "_joe__"}, Case{"j\xc3\xb6rg", "j__rg"},  // UTF-8: one '_' per byte
        Case{"a/b\\c:d", "a_b_c_d"}, Case{"", ""}}) {
    EXPECT_EQ(SanitizeLoginName(c.in), c.out) << c.in;
  }
}

TEST(LocalIdentityTest, PickLoginNameInOrderOfPreference) {
  struct Case {
    LoginSources sources;
    std::string expected;
  };
  for (const Case& c : {
           Case{{"user", "logname", "login", "passwd"}, "user"},
           Case{{std::nullopt, "logname", "login", "passwd"}, "logname"},
           Case{{"", "logname", "login", "passwd"}, "logname"},  // empty counts as unset
           Case{{std::nullopt, std::nullopt, "login", "passwd"}, "login"},
           Case{{std::nullopt, std::nullopt, std::nullopt, "passwd"}, "passwd"},
           Case{{std::nullopt, std::nullopt, std::nullopt, std::nullopt}, "unknown"},
           Case{{"", "", "", ""}, "unknown"},
           Case{{"first last", std::nullopt, std::nullopt, std::nullopt}, "first-last"},
       }) {
    EXPECT_EQ(PickLoginName(c.sources), c.expected);
  }
}

TEST(LocalIdentityTest, PickHostName) {
  EXPECT_EQ(PickHostName("host.example.org", "host"), "host.example.org");
  EXPECT_EQ(PickHostName(std::nullopt, "host"), "host");
  EXPECT_EQ(PickHostName("", "host"), "host");
  EXPECT_EQ(PickHostName(std::nullopt, std::nullopt), "localhost");
  EXPECT_EQ(PickHostName(std::nullopt, ""), "localhost");
}

TEST(LocalIdentityTest, LocalValuesAreUsable) {
  EXPECT_FALSE(LocalCanonicalHostName().empty());
  std::string login = LocalLoginName();
  EXPECT_FALSE(login.empty());
  EXPECT_EQ(SanitizeLoginName(login), login);
}

}  // namespace
}  // namespace mpop::delivery
