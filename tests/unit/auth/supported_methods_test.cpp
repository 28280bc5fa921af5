#include "auth/supported_methods.hpp"

#include <gtest/gtest.h>

#include <string_view>
#include <vector>

#include "auth/method_choice.hpp"

namespace mpop::auth {
namespace {

TEST(SupportedMethodsTest, WithGnuSaslEveryKnownMethod) {
  // Debian's GNU SASL 2.2 has a client for every SASL method mpop knows but the OAuth
  // ones, which are built in.
  Result<SaslContext> context = SaslContext::Create();
  ASSERT_TRUE(context);
  EXPECT_EQ(SupportedMethods(&*context),
            std::vector<std::string_view>(std::begin(kKnownMethods), std::end(kKnownMethods)));
  EXPECT_FALSE(context->ClientSupports("XOAUTH2"));
  EXPECT_FALSE(context->ClientSupports("OAUTHBEARER"));
  EXPECT_TRUE(context->ClientSupports("SCRAM-SHA-256-PLUS"));
}

TEST(SupportedMethodsTest, WithoutGnuSaslTheBuiltInOnes) {
  EXPECT_EQ(SupportedMethods(nullptr),
            (std::vector<std::string_view>{"USER", "APOP", "OAUTHBEARER", "XOAUTH2"}));
}

TEST(SupportedMethodsTest, GsaslMethods) {
  EXPECT_FALSE(IsGsaslMethod("USER"));
  EXPECT_FALSE(IsGsaslMethod("APOP"));
  EXPECT_FALSE(IsGsaslMethod("OAUTHBEARER"));
  EXPECT_FALSE(IsGsaslMethod("XOAUTH2"));
  EXPECT_TRUE(IsGsaslMethod("PLAIN"));
  EXPECT_TRUE(IsGsaslMethod("SCRAM-SHA-1-PLUS"));
}

}  // namespace
}  // namespace mpop::auth
