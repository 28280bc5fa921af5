#pragma once
// The authorization code grant for an installed application: PKCE with S256 (RFC 7636),
// a loopback redirect on 127.0.0.1 (RFC 8252), `state` checked against our request, and
// the issuer checked when the provider names it in the redirect (RFC 9207).
//
//   Result<BrowserFlow> flow = StartBrowserFlow(provider, client, scope, preset_params);
//   ... open flow->url in a browser, or print it ...
//   Result<TokenSet> tokens = FinishBrowserFlow(http, clock, *flow, provider, client, ...);

#include <chrono>
#include <string>
#include <string_view>

#include "net/abort_signal.hpp"
#include "oauth2/clock.hpp"
#include "oauth2/discovery.hpp"
#include "oauth2/http_client.hpp"
#include "oauth2/redirect_listener.hpp"
#include "oauth2/token_endpoint.hpp"
#include "util/result.hpp"

namespace mpop::oauth2 {

struct BrowserFlow {
  RedirectListener listener;
  std::string url;  // the authorization URL for the user's browser
  std::string state;
  std::string code_verifier;
};

// Opens the loopback listener and builds the authorization URL with fresh state and PKCE.
// Errors: kConfig "the provider offers no browser flow (its metadata has no
// authorization_endpoint): use oauth2_flow device"; those of RedirectListener::Open and
// MakePkce.
Result<BrowserFlow> StartBrowserFlow(const ProviderMetadata& provider, const OAuthClient& client,
                                     std::string_view scope, const FormFields& extra_params = {});

// Waits up to `timeout` for the browser, then exchanges the code for tokens.
// Errors: kNoPerm "authorization was denied: the provider answered access_denied (...)";
// kProtocol "the browser came back with a state that is not ours: run the authorization
// again"; kProtocol "the browser came back from issuer 'X', not 'Y'"; kProtocol "the
// browser came back without a code"; those of WaitForRedirect and RequestTokens; other
// error answers as TokenError().
Result<TokenSet> FinishBrowserFlow(HttpClient& http, const Clock& clock, BrowserFlow& flow,
                                   const ProviderMetadata& provider, const OAuthClient& client,
                                   std::chrono::milliseconds timeout, net::AbortSignal abort = {});

}  // namespace mpop::oauth2
