#include "oauth2/presets.hpp"

#include <array>

namespace mpop::oauth2 {
namespace {

// Google issues a refresh token to the browser flow only when asked for offline access,
// and again only with a fresh consent. Its device flow does not allow the mail scope.
constexpr std::array<std::pair<std::string_view, std::string_view>, 2> kGoogleParams{{
    {"access_type", "offline"},
    {"prompt", "consent"},
}};

constexpr std::array<Preset, 2> kPresets{{
    {.name = "google",
     .issuer = "https://accounts.google.com",
     .stated_issuer = "",
     .scope = "https://mail.google.com/",
     .flow = Flow::kBrowser,
     .authorization_params = kGoogleParams,
     .sasl = SaslForm::kXoauth2},
    // "common" serves work, school and personal accounts; its discovery document states
    // the issuer as a template. offline_access in the scope brings the refresh token.
    {.name = "microsoft",
     .issuer = "https://login.microsoftonline.com/common/v2.0",
     .stated_issuer = "https://login.microsoftonline.com/{tenantid}/v2.0",
     .scope = "https://outlook.office.com/POP.AccessAsUser.All offline_access",
     .flow = Flow::kDevice,
     .authorization_params = {},
     .sasl = SaslForm::kXoauth2TwoSteps},
}};

}  // namespace

const Preset* FindPreset(std::string_view name) {
  for (const Preset& preset : kPresets) {
    if (preset.name == name) return &preset;
  }
  return nullptr;
}

std::span<const Preset> Presets() { return kPresets; }

}  // namespace mpop::oauth2
