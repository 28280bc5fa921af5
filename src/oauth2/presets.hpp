#pragma once
// Presets for the big providers, so that `oauth2_issuer google` or `oauth2_issuer microsoft`
// plus a client id is all a user writes: the issuer, the scope that reaches the mailbox
// over POP3 with offline access (a refresh token), the flow that the provider allows for
// that scope, and the SASL form its POP3 server expects.

#include <span>
#include <string_view>
#include <utility>

namespace mpop::oauth2 {

enum class Flow { kDevice, kBrowser };

// How the token goes to the POP3 server.
enum class SaslForm {
  kXoauth2,          // AUTH XOAUTH2 <initial response>
  kXoauth2TwoSteps,  // AUTH XOAUTH2, wait for "+ ", then the response (Microsoft)
  kOauthbearer,      // RFC 7628
};

struct Preset {
  std::string_view name;
  std::string_view issuer;
  // The issuer that the discovery document states, when it differs (see DiscoveryOptions).
  std::string_view stated_issuer;
  std::string_view scope;
  Flow flow;
  // Extra authorization request parameters (browser flow) that get a refresh token.
  std::span<const std::pair<std::string_view, std::string_view>> authorization_params;
  SaslForm sasl;
};

// The preset called `name` ("google", "microsoft"), or nullptr for an issuer URL.
const Preset* FindPreset(std::string_view name);

// Every preset, for documentation and completion.
std::span<const Preset> Presets();

}  // namespace mpop::oauth2
