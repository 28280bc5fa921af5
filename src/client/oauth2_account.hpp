#pragma once
// An account's OAuth2 settings (oauth2_*, doc/ARCHITECTURE.md "OAuth2") resolved for the
// oauth2/ library: the preset filled in, the HTTP options taken from the account's proxy,
// source address and timeout, and the key of its tokens in the store. Shared by the login
// (client/oauth2_token.hpp), --authorize (client/authorize.hpp) and --serverinfo.

#include <string>
#include <string_view>
#include <vector>

#include "config/account.hpp"
#include "net/abort_signal.hpp"
#include "oauth2/curl_http_client.hpp"
#include "oauth2/discovery.hpp"
#include "oauth2/presets.hpp"
#include "oauth2/token_endpoint.hpp"

namespace mpop::client {

// The scope asked of a provider that is not a preset: OpenID Connect's, with a refresh
// token.
inline constexpr std::string_view kDefaultOAuth2Scope = "openid offline_access";

struct OAuth2Account {
  std::string issuer;  // the URL
  oauth2::DiscoveryOptions discovery;
  oauth2::OAuthClient client;
  std::string scope;
  oauth2::Flow flow = oauth2::Flow::kDevice;
  oauth2::FormFields authorization_params;  // extra parameters of the browser flow
  std::string store_key;                    // USER_at_ISSUER, as the UIDLs file is named
  std::string label;                        // the account in messages: its name, or "--host"
};

// Whether the account gets its tokens through oauth2_* (oauth2_issuer set).
bool UsesOAuth2(const config::Account& account);

// The resolved settings; call only when UsesOAuth2(account).
OAuth2Account ResolveOAuth2(const config::Account& account);

// How the provider is reached: through the account's SOCKS proxy (names resolved by the
// proxy, as for POP3), from its source_ip, within its timeout, trusting oauth2_trust_file
// or the system's CAs.
oauth2::HttpOptions OAuth2HttpOptions(const config::Account& account, net::AbortSignal abort);

// The directory of the token files: $XDG_STATE_HOME/mpop/oauth2 or its default.
std::string OAuth2TokenDirectory();

// What --serverinfo says about the account's stored token: "stored in PATH; the access
// token expires at TIME ...", "none stored: run `mpop --authorize A`", or the store's error.
std::string DescribeOAuth2Token(const config::Account& account, const std::string& token_directory);

// With `auth on` and OAuth2: the token method to use among the server's SASL mechanisms
// (XOAUTH2 for the presets, whose servers expect it; else OAUTHBEARER, the standard one,
// when offered). An explicit `auth` is returned as is.
std::string OAuth2LoginMethod(const config::Account& account,
                              const std::vector<std::string>& sasl_mechanisms);

}  // namespace mpop::client
