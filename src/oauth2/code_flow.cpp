#include "oauth2/code_flow.hpp"

#include <utility>
#include <variant>

#include "oauth2/authorization_url.hpp"
#include "oauth2/form_encoding.hpp"
#include "oauth2/pkce.hpp"
#include "util/i18n.hpp"

namespace mpop::oauth2 {
namespace {

// The redirect's answer: a code, after state (and iss) are checked.
Result<std::string> CodeFrom(const FormFields& answer, const BrowserFlow& flow,
                             const ProviderMetadata& provider) {
  // state first: an answer to someone else's request says nothing about ours.
  const std::string* state = FindField(answer, "state");
  if (state == nullptr || *state != flow.state) {
    return Error::Protocol(
        Tr("the browser came back with a state that is not ours: run the authorization again"));
  }
  if (const std::string* iss = FindField(answer, "iss");
      iss != nullptr && *iss != provider.issuer) {
    return Error::Protocol(
        TrFormat("the browser came back from issuer '{}', not '{}'", *iss, provider.issuer));
  }
  if (const std::string* error = FindField(answer, "error")) {
    const std::string* description = FindField(answer, "error_description");
    OAuthError oauth{*error, description ? *description : ""};
    return TokenError(oauth, oauth.code == "access_denied" ? "authorization was denied"
                                                           : "browser authorization");
  }
  const std::string* code = FindField(answer, "code");
  if (code == nullptr || code->empty()) {
    return Error::Protocol(Tr("the browser came back without a code"));
  }
  return *code;
}

}  // namespace

Result<BrowserFlow> StartBrowserFlow(const ProviderMetadata& provider, const OAuthClient& client,
                                     std::string_view scope, const FormFields& extra_params) {
  if (provider.authorization_endpoint.empty()) {
    return Error::Config(
        Tr("the provider offers no browser flow (its metadata has no authorization_endpoint): "
           "use oauth2_flow device"));
  }
  Result<RedirectListener> listener = RedirectListener::Open();
  if (!listener) return std::move(listener).error();
  Result<Pkce> pkce = MakePkce();
  if (!pkce) return std::move(pkce).error();
  Result<std::string> state = RandomToken(16);
  if (!state) return std::move(state).error();
  std::string url = AuthorizationUrl({.endpoint = provider.authorization_endpoint,
                                      .client_id = client.id,
                                      .redirect_uri = listener->redirect_uri(),
                                      .scope = std::string(scope),
                                      .state = *state,
                                      .code_challenge = pkce->challenge,
                                      .extra = extra_params});
  return BrowserFlow{std::move(*listener), std::move(url), std::move(*state),
                     std::move(pkce->verifier)};
}

Result<TokenSet> FinishBrowserFlow(HttpClient& http, const Clock& clock, BrowserFlow& flow,
                                   const ProviderMetadata& provider, const OAuthClient& client,
                                   std::chrono::milliseconds timeout, net::AbortSignal abort) {
  Result<FormFields> answer = flow.listener.WaitForRedirect(timeout, abort);
  if (!answer) return std::move(answer).error();
  Result<std::string> code = CodeFrom(*answer, flow, provider);
  if (!code) return std::move(code).error();
  Result<TokenReply> reply = RequestTokens(http, clock, provider.token_endpoint, client,
                                           {{"grant_type", "authorization_code"},
                                            {"code", *code},
                                            {"redirect_uri", flow.listener.redirect_uri()},
                                            {"code_verifier", flow.code_verifier}});
  if (!reply) return std::move(reply).error();
  if (auto* error = std::get_if<OAuthError>(&*reply)) return TokenError(*error, "code exchange");
  return std::get<TokenSet>(std::move(*reply));
}

}  // namespace mpop::oauth2
