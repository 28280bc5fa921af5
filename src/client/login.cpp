#include "client/login.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "auth/gsasl_mechanism.hpp"
#include "auth/method_choice.hpp"
#include "auth/method_registry.hpp"
#include "auth/password_source.hpp"
#include "auth/sasl_context.hpp"
#include "auth/secret_service_keyring.hpp"
#include "auth/supported_methods.hpp"
#include "client/oauth2_account.hpp"
#include "client/oauth2_token.hpp"
#include "config/values.hpp"
#include "util/i18n.hpp"

namespace mpop::client {

Result<auth::SecretString> ObtainAccountPassword(const SessionContext& context) {
  const config::Account& account = context.account;
  const std::string host = context.ServerName();
  const std::string user = account.user.value_or("");
  auth::PasswordQuery query{.host = host, .user = user, .password = {}, .password_eval = {}};
  if (account.password) query.password = *account.password;
  if (account.password_eval) query.password_eval = *account.password_eval;
  auth::SecretServiceKeyring keyring;
  auth::PasswordSources sources;
  sources.keyring = &keyring;
  sources.user_netrc = config::ExpandTilde("~/.netrc");
  sources.system_netrc = context.options.system_netrc;
  return auth::ObtainPassword(query, sources);
}

namespace {

std::optional<auth::ChannelBinding> ToAuth(const std::optional<net::ChannelBinding>& binding) {
  if (!binding) return std::nullopt;
  return auth::ChannelBinding{binding->type == net::ChannelBindingType::kTlsUnique
                                  ? auth::ChannelBinding::Kind::kTlsUnique
                                  : auth::ChannelBinding::Kind::kTlsExporter,
                              binding->data};
}

}  // namespace

Status CheckLoginMethod(const config::Account& account) {
  // GNU SASL is loaded only for a method it provides (issue 17); then failing to load it
  // is the error.
  if (!auth::MayUseGnuSasl(account.auth, false, {})) {
    return auth::CheckMethodAvailable(account.auth);
  }
  Result<auth::SaslContext> sasl = auth::SaslContext::Create();
  if (!sasl) return std::move(sasl).error();
  return auth::CheckMethodAvailable(account.auth, auth::SupportedMethods(&*sasl));
}

int ServerPort(const config::Account& account) {
  if (account.port > 0) return account.port;
  return account.tls && !account.tls_starttls ? 995 : 110;
}

Status Login(const SessionContext& context, pop3::Session& session, const pop3::Greeting& greeting,
             const pop3::Capabilities& capabilities, const LoginState& state) {
  const config::Account& account = context.account;
  const std::string configured =
      UsesOAuth2(account) ? OAuth2LoginMethod(account, capabilities.sasl_mechanisms) : account.auth;
  // One GNU SASL context per session: cheap, and no process-wide state. It is loaded only
  // when one of its methods may log in (issue 17); without it only the built-in methods are
  // offered to the automatic choice (a named method checked that it loads before).
  std::optional<auth::SaslContext> sasl;
  if (auth::MayUseGnuSasl(configured, capabilities.capa_supported, capabilities.sasl_mechanisms)) {
    if (Result<auth::SaslContext> created = auth::SaslContext::Create()) {
      sasl.emplace(std::move(*created));
    }
  }
  const auth::SaslContext* sasl_context = sasl ? &*sasl : nullptr;
  const std::vector<std::string_view> supported = auth::SupportedMethods(sasl_context);
  auto method = auth::ChooseMethod({.configured = configured,
                                    .tls_active = state.tls_active,
                                    .channel_binding = state.channel_binding.has_value(),
                                    .capa_supported = capabilities.capa_supported,
                                    .sasl_mechanisms = capabilities.sasl_mechanisms,
                                    .apop_available = greeting.apop_timestamp.has_value(),
                                    .supported = supported});
  if (!method) return std::move(method).error();
  const std::string user = account.user.value_or("");
  if (auth::MethodNeedsUser(*method) && user.empty()) {
    return Error::Config(TrFormat(
        "authentication method {} needs a user name: set it with the user command or --user",
        *method));
  }
  auth::SecretString password;
  if (UsesOAuth2(account) && auth::MethodTakesBearerToken(*method)) {
    // config/finish.cpp allows no other method with oauth2_*.
    auto token = ObtainAccessToken(context);
    if (!token) return std::move(token).error();
    password = std::move(*token);
  } else if (auth::MethodNeedsPassword(*method)) {
    auto obtained = ObtainAccountPassword(context);
    if (!obtained) return std::move(obtained).error();
    password = std::move(*obtained);
  }
  const std::string host = context.ServerName();
  const std::optional<auth::ChannelBinding> binding = ToAuth(state.channel_binding);
  const auth::LoginInput input{
      .method = *method,
      .user = user,
      .password = password.view(),
      .host = host,
      .port = ServerPort(account),
      .apop_timestamp =
          greeting.apop_timestamp ? std::string_view(*greeting.apop_timestamp) : std::string_view(),
      .ntlm_domain = account.ntlm_domain ? std::optional<std::string_view>(*account.ntlm_domain)
                                         : std::nullopt,
      .channel_binding = binding ? &*binding : nullptr,
      .sasl = sasl_context};
  // ChooseMethod only returns names of auth/method_registry.hpp.
  return auth::FindMethod(*method)->login(session, input);
}

}  // namespace mpop::client
