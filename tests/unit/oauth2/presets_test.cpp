#include "oauth2/presets.hpp"

#include <gtest/gtest.h>

namespace mpop::oauth2 {
namespace {

TEST(PresetsTest, Google) {
  const Preset* google = FindPreset("google");
  ASSERT_NE(google, nullptr);
  EXPECT_EQ(google->issuer, "https://accounts.google.com");
  EXPECT_EQ(google->scope, "https://mail.google.com/");
  EXPECT_EQ(google->flow, Flow::kBrowser);
  EXPECT_EQ(google->sasl, SaslForm::kXoauth2);
  ASSERT_EQ(google->authorization_params.size(), 2u);
  EXPECT_EQ(google->authorization_params[0].first, "access_type");
  EXPECT_EQ(google->authorization_params[0].second, "offline");
}

TEST(PresetsTest, MicrosoftAsksForOfflineAccessAndSendsXoauth2InTwoSteps) {
  const Preset* microsoft = FindPreset("microsoft");
  ASSERT_NE(microsoft, nullptr);
  EXPECT_EQ(microsoft->issuer, "https://login.microsoftonline.com/common/v2.0");
  EXPECT_EQ(microsoft->stated_issuer, "https://login.microsoftonline.com/{tenantid}/v2.0");
  EXPECT_EQ(microsoft->scope, "https://outlook.office.com/POP.AccessAsUser.All offline_access");
  EXPECT_EQ(microsoft->flow, Flow::kDevice);
  EXPECT_EQ(microsoft->sasl, SaslForm::kXoauth2TwoSteps);
}

TEST(PresetsTest, AnUrlIsNoPreset) {
  EXPECT_EQ(FindPreset("https://accounts.google.com"), nullptr);
  EXPECT_EQ(FindPreset("Google"), nullptr);
  EXPECT_EQ(Presets().size(), 2u);
}

}  // namespace
}  // namespace mpop::oauth2
