#include "config/finish.hpp"

#include "auth/method_registry.hpp"
#include "config/values.hpp"
#include "util/i18n.hpp"

namespace mpop::config {
namespace {

bool HasValue(const std::optional<std::string>& value) { return value && !value->empty(); }

void FillDefaults(Account& account) {
  if (account.port == 0) account.port = account.tls && !account.tls_starttls ? 995 : 110;
  if (!account.tls_trust_file) account.tls_trust_file = "system";
  if (HasValue(account.proxy_host) && account.proxy_port == 0) account.proxy_port = 1080;
  if (account.uidls_file.empty()) account.uidls_file = ExpandTilde("~/.mpop_uidls/%U_at_%H");
}

// The oauth2_* settings belong together, and only the token methods use a token.
Status CheckOAuth2(const Account& account) {
  if (!HasValue(account.oauth2_issuer)) {
    const std::pair<bool, const char*> dependents[] = {
        {HasValue(account.oauth2_client_id), "oauth2_client_id"},
        {HasValue(account.oauth2_client_secret), "oauth2_client_secret"},
        {HasValue(account.oauth2_scope), "oauth2_scope"},
        {account.oauth2_flow != OAuth2Flow::kDefault, "oauth2_flow"},
        {HasValue(account.oauth2_trust_file), "oauth2_trust_file"}};
    for (const auto& [set, name] : dependents) {
      if (set) return Error::Config(TrFormat("{} requires oauth2_issuer", name));
    }
    return {};
  }
  if (!HasValue(account.oauth2_client_id)) {
    return Error::Config(
        Tr("oauth2_issuer requires oauth2_client_id (the id of the application registered with "
           "the provider)"));
  }
  const auth::Method* method = auth::FindMethod(account.auth);
  if (!account.auth.empty() &&
      (method == nullptr || method->secret != auth::Secret::kBearerToken)) {
    return Error::Config(
        TrFormat("oauth2_issuer requires auth on, oauthbearer or xoauth2, not {}", account.auth));
  }
  return {};
}

Status Check(const Account& account, Purpose purpose) {
  bool has_host = HasValue(account.host);
  if (!has_host &&
      (!HasValue(account.socket) || (account.tls && !HasValue(account.tls_host_override)))) {
    return Error::Config(Tr("host not set"));
  }
  if (HasValue(account.tls_key_file) && !HasValue(account.tls_cert_file)) {
    return Error::Config(Tr("tls_key_file requires tls_cert_file"));
  }
  if (HasValue(account.tls_cert_file) && !HasValue(account.tls_key_file)) {
    return Error::Config(Tr("tls_cert_file requires tls_key_file"));
  }
  bool has_trust = HasValue(account.tls_trust_file);
  if (account.tls && !has_trust && !HasValue(account.tls_fingerprint) && account.tls_certcheck) {
    return Error::Config(
        Tr("tls requires either tls_trust_file (highly recommended) or tls_fingerprint or a "
           "disabled tls_certcheck"));
  }
  if (HasValue(account.tls_crl_file) && !has_trust) {
    return Error::Config(Tr("tls_crl_file requires tls_trust_file"));
  }
  if (HasValue(account.tls_fingerprint) && !ParseFingerprint(*account.tls_fingerprint)) {
    return Error::Config(TrFormat("invalid tls_fingerprint {}", *account.tls_fingerprint));
  }
  MPOP_TRY(CheckOAuth2(account));
  if (purpose == Purpose::kRetrieval && account.delivery.kind == nullptr) {
    return Error::Config(
        Tr("no delivery information: say where mail goes with the delivery command (such as "
           "delivery maildir ~/Mail) or with --delivery=METHOD,ARGUMENT"));
  }
  return {};
}

}  // namespace

Status FinishAccount(Account& account, Purpose purpose) {
  FillDefaults(account);
  Status checked = Check(account, purpose);
  if (checked || account.config_file.empty()) return checked;
  return checked.error().Within(TrFormat("account {} from {}", account.name, account.config_file));
}

std::string ExpandUidlsFile(const Account& account) {
  std::string path = account.uidls_file;
  std::string host = account.host ? *account.host : account.socket.value_or("");
  // One pass over the original text, so a user name containing "%H" stays literal.
  std::string out;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '%' && i + 1 < path.size() && (path[i + 1] == 'U' || path[i + 1] == 'H')) {
      out += path[i + 1] == 'U' ? account.user.value_or("") : host;
      ++i;
    } else {
      out += path[i];
    }
  }
  return out;
}

}  // namespace mpop::config
