#include "client/oauth2_account.hpp"

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <optional>

#include "oauth2/token_store.hpp"
#include "util/i18n.hpp"

namespace mpop::client {

bool UsesOAuth2(const config::Account& account) {
  return account.oauth2_issuer && !account.oauth2_issuer->empty();
}

OAuth2Account ResolveOAuth2(const config::Account& account) {
  const std::string& configured = *account.oauth2_issuer;
  const oauth2::Preset* preset = oauth2::FindPreset(configured);
  OAuth2Account resolved;
  resolved.client = {.id = account.oauth2_client_id.value_or(""),
                     .secret = account.oauth2_client_secret.value_or("")};
  if (preset != nullptr) {
    resolved.issuer = preset->issuer;
    resolved.discovery.stated_issuer = preset->stated_issuer;
    resolved.scope = preset->scope;
    resolved.flow = preset->flow;
    for (const auto& [name, value] : preset->authorization_params) {
      resolved.authorization_params.emplace_back(name, value);
    }
  } else {
    resolved.issuer = configured;
    resolved.scope = kDefaultOAuth2Scope;
    // Without it some providers (oidc-provider among them) show no consent page and so
    // issue no refresh token.
    resolved.authorization_params.emplace_back("prompt", "consent");
  }
  if (account.oauth2_scope && !account.oauth2_scope->empty())
    resolved.scope = *account.oauth2_scope;
  if (account.oauth2_flow == config::OAuth2Flow::kDevice) resolved.flow = oauth2::Flow::kDevice;
  if (account.oauth2_flow == config::OAuth2Flow::kBrowser) resolved.flow = oauth2::Flow::kBrowser;
  // One token per user at a provider: accounts that share both share the token (and its
  // lock, oauth2/token_renewal.hpp), like upstream's UIDLs file name %U_at_%H.
  resolved.store_key = account.user.value_or("") + "_at_" + configured;
  resolved.label = account.name.empty() ? "--host=" + account.host.value_or("") : account.name;
  return resolved;
}

oauth2::HttpOptions OAuth2HttpOptions(const config::Account& account, net::AbortSignal abort) {
  oauth2::HttpOptions options;
  if (account.timeout_seconds > 0) {
    options.connect_timeout = std::chrono::seconds(account.timeout_seconds);
    options.total_timeout = std::chrono::seconds(account.timeout_seconds);
  }
  if (account.oauth2_trust_file && !account.oauth2_trust_file->empty()) {
    options.trust_file = *account.oauth2_trust_file;
  }
  if (account.proxy_host && !account.proxy_host->empty()) {
    // socks5h: the proxy resolves the provider's name, as it does the mail server's.
    const int port = account.proxy_port > 0 ? account.proxy_port : 1080;
    const bool ipv6 = account.proxy_host->find(':') != std::string::npos;
    options.proxy = "socks5h://" + (ipv6 ? "[" + *account.proxy_host + "]" : *account.proxy_host) +
                    ":" + std::to_string(port);
  }
  if (account.source_ip && !account.source_ip->empty()) options.source_ip = *account.source_ip;
  options.abort = abort;
  return options;
}

std::string OAuth2TokenDirectory() {
  return oauth2::TokenDirectory(std::getenv("XDG_STATE_HOME"), std::getenv("HOME"));
}

namespace {

std::string LocalTime(oauth2::TimePoint when) {
  const std::time_t t = std::chrono::system_clock::to_time_t(when);
  std::tm local{};
  localtime_r(&t, &local);
  char text[64];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S %Z", &local);
  return text;
}

}  // namespace

std::string DescribeOAuth2Token(const config::Account& account,
                                const std::string& token_directory) {
  const OAuth2Account resolved = ResolveOAuth2(account);
  const oauth2::TokenFileStore store(token_directory);
  Result<std::optional<oauth2::StoredTokens>> stored = store.Load(resolved.store_key);
  if (!stored) return stored.error().message;
  if (!*stored) return TrFormat("none stored: run `mpop --authorize {}`", resolved.label);
  const oauth2::StoredTokens& tokens = **stored;
  std::string text = TrFormat("stored in {}", store.PathFor(resolved.store_key));
  if (tokens.refresh_token_in_vault) text += Tr(" (the refresh token in the key ring)");
  if (tokens.access_token.empty() || !tokens.expires_at) {
    text += Tr("; a new access token is obtained at each login");
  } else if (*tokens.expires_at > std::chrono::system_clock::now()) {
    text += ";\n        " + TrFormat("the access token expires {} and is renewed before",
                                     LocalTime(*tokens.expires_at));
  } else {
    text += ";\n        " + TrFormat("the access token expired {} and is renewed at the next login",
                                     LocalTime(*tokens.expires_at));
  }
  return text;
}

std::string OAuth2LoginMethod(const config::Account& account,
                              const std::vector<std::string>& sasl_mechanisms) {
  if (!account.auth.empty()) return account.auth;
  auto offered = [&](std::string_view name) {
    return std::find(sasl_mechanisms.begin(), sasl_mechanisms.end(), name) != sasl_mechanisms.end();
  };
  const oauth2::Preset* preset = oauth2::FindPreset(*account.oauth2_issuer);
  const bool prefers_xoauth2 = preset != nullptr && preset->sasl != oauth2::SaslForm::kOauthbearer;
  if (prefers_xoauth2 && offered("XOAUTH2")) return "XOAUTH2";
  if (offered("OAUTHBEARER")) return "OAUTHBEARER";
  if (offered("XOAUTH2")) return "XOAUTH2";
  // Neither offered: the choice then says that the server lacks the standard one.
  return "OAUTHBEARER";
}

}  // namespace mpop::client
