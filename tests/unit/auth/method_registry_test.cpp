// auth/method_registry.hpp: the table every reader derives from stays consistent.

#include "auth/method_registry.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

namespace mpop::auth {
namespace {

TEST(MethodRegistryTest, NamesAreUniqueUpperCaseAndFound) {
  std::set<std::string_view> names;
  for (const Method& method : kMethods) {
    EXPECT_TRUE(names.insert(method.name).second) << method.name;
    EXPECT_EQ(std::string(method.name).find_first_of("abcdefghijklmnopqrstuvwxyz"),
              std::string::npos)
        << method.name;
    EXPECT_EQ(FindMethod(method.name), &method) << method.name;
    EXPECT_NE(method.login, nullptr) << method.name;
  }
  EXPECT_EQ(FindMethod("user"), nullptr);
  EXPECT_EQ(FindMethod("SCRAM-SHA-512"), nullptr);
}

// doc/COMPAT.md 4.1: the automatic order, and which of them go without TLS.
TEST(MethodRegistryTest, AutomaticRanks) {
  std::vector<const Method*> ranked;
  for (const Method& method : kMethods) {
    if (method.automatic_rank != kNeverAutomatic) ranked.push_back(&method);
  }
  std::sort(ranked.begin(), ranked.end(),
            [](const Method* a, const Method* b) { return a->automatic_rank < b->automatic_rank; });
  std::vector<std::string> order;
  std::vector<std::string> without_tls;
  for (const Method* method : ranked) {
    order.emplace_back(method->name);
    if (method->automatic_without_tls) without_tls.emplace_back(method->name);
  }
  EXPECT_EQ(order, (std::vector<std::string>{"SCRAM-SHA-256-PLUS", "SCRAM-SHA-1-PLUS",
                                             "SCRAM-SHA-256", "SCRAM-SHA-1", "PLAIN", "APOP",
                                             "USER", "CRAM-MD5", "DIGEST-MD5", "LOGIN", "NTLM"}));
  EXPECT_EQ(without_tls, (std::vector<std::string>{"SCRAM-SHA-256", "SCRAM-SHA-1"}));
  for (std::size_t i = 0; i < ranked.size(); ++i) {
    EXPECT_EQ(ranked[i]->automatic_rank, static_cast<int>(i + 1)) << ranked[i]->name;
  }
}

TEST(MethodRegistryTest, ServerOffers) {
  const std::vector<std::string> sasl = {"PLAIN", "SCRAM-SHA-1"};
  const ServerOffer with_capa{
      .apop_available = false, .capa_supported = true, .sasl_mechanisms = sasl};
  EXPECT_EQ(ServerOffers(*FindMethod("USER"), with_capa), true);
  EXPECT_EQ(ServerOffers(*FindMethod("APOP"), with_capa), false);
  EXPECT_EQ(ServerOffers(*FindMethod("PLAIN"), with_capa), true);
  EXPECT_EQ(ServerOffers(*FindMethod("LOGIN"), with_capa), false);
  const ServerOffer without_capa{
      .apop_available = true, .capa_supported = false, .sasl_mechanisms = {}};
  EXPECT_EQ(ServerOffers(*FindMethod("USER"), without_capa), true);
  EXPECT_EQ(ServerOffers(*FindMethod("APOP"), without_capa), true);
  EXPECT_EQ(ServerOffers(*FindMethod("PLAIN"), without_capa), std::nullopt);
}

TEST(MethodRegistryTest, DerivedLists) {
  EXPECT_EQ(std::size(kKnownMethods), std::size(kMethods));
  EXPECT_EQ(std::vector<std::string_view>(kBuiltinMethods.begin(), kBuiltinMethods.end()),
            (std::vector<std::string_view>{"USER", "APOP", "OAUTHBEARER", "XOAUTH2"}));
}

}  // namespace
}  // namespace mpop::auth
