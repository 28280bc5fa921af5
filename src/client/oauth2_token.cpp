#include "client/oauth2_token.hpp"

#include "client/keyring_vault.hpp"
#include "client/oauth2_account.hpp"
#include "oauth2/clock.hpp"
#include "oauth2/curl_http_client.hpp"
#include "oauth2/discovery.hpp"
#include "oauth2/token_renewal.hpp"
#include "oauth2/token_store.hpp"
#include "util/i18n.hpp"

namespace mpop::client {

Result<auth::SecretString> ObtainAccessToken(const SessionContext& context) {
  if (context.options.http_library == nullptr) {
    return Error::Software(Tr("OAuth2 needs the HTTP library, which was not initialized"));
  }
  const OAuth2Account resolved = ResolveOAuth2(context.account);
  const net::AbortSignal abort = context.stop.abort_signal();
  oauth2::CurlHttpClient http(*context.options.http_library,
                              OAuth2HttpOptions(context.account, abort));
  oauth2::SystemClock clock(abort);
  KeyringVault keyring;
  const oauth2::TokenFileStore store(context.options.oauth2_token_directory,
                                     util::PosixFileSystem(), &keyring);
  oauth2::RenewalOptions renewal{.key = resolved.store_key,
                                 .account = resolved.label,
                                 .token_endpoint = {},
                                 .client = resolved.client};
  renewal.find_token_endpoint = [&]() -> Result<std::string> {
    Result<oauth2::ProviderMetadata> provider =
        oauth2::Discover(http, resolved.issuer, resolved.discovery);
    if (!provider) return std::move(provider).error();
    return std::move(provider->token_endpoint);
  };
  Result<std::string> token = oauth2::CurrentAccessToken(http, clock, store, renewal);
  if (!token) return std::move(token).error();
  return auth::SecretString(std::move(*token));
}

}  // namespace mpop::client
