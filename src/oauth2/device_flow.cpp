#include "oauth2/device_flow.hpp"

#include <optional>
#include <utility>
#include <variant>

#include "oauth2/json_reader.hpp"
#include "util/i18n.hpp"

namespace mpop::oauth2 {
namespace {

constexpr std::chrono::seconds kSlowDownStep{5};

Error Expired() {
  return Error::TempFail(
      Tr("the user code expired before it was approved: run the authorization again"));
}

}  // namespace

Result<DeviceAuthorization> ParseDeviceAuthorization(const HttpResponse& response,
                                                     std::string_view endpoint) {
  std::string what = "device authorization response from " + std::string(endpoint);
  if (response.status != 200) {
    // Errors have the token endpoint's form (RFC 8628 section 3.2).
    Result<TokenReply> reply = ParseTokenReply(response, endpoint, TimePoint());
    if (!reply) return std::move(reply).error();
    if (const auto* error = std::get_if<OAuthError>(&*reply)) {
      return TokenError(*error, "device authorization");
    }
    return Error::Protocol(TrFormat("{} answered HTTP {}", endpoint, response.status));
  }
  Result<nlohmann::json> json = ParseJsonObject(response.body, what);
  if (!json) return std::move(json).error();
  DeviceAuthorization device;
  device.device_code = StringMember(*json, "device_code").value_or("");
  device.user_code = StringMember(*json, "user_code").value_or("");
  device.verification_uri = StringMember(*json, "verification_uri")
                                .value_or(StringMember(*json, "verification_url").value_or(""));
  device.verification_uri_complete = StringMember(*json, "verification_uri_complete").value_or("");
  std::optional<std::int64_t> expires_in = IntegerMember(*json, "expires_in");
  for (auto [name, value] :
       {std::pair{"device_code", &device.device_code}, std::pair{"user_code", &device.user_code},
        std::pair{"verification_uri", &device.verification_uri}}) {
    if (value->empty()) return Error::Protocol(TrFormat("{} has no {}", what, name));
  }
  if (!expires_in || *expires_in <= 0)
    return Error::Protocol(TrFormat("{} has no expires_in", what));
  device.expires_in = std::chrono::seconds(*expires_in);
  if (std::optional<std::int64_t> interval = IntegerMember(*json, "interval");
      interval && *interval >= 0) {
    device.interval = std::chrono::seconds(*interval);
  }
  return device;
}

Result<DeviceAuthorization> StartDeviceAuthorization(HttpClient& http,
                                                     const ProviderMetadata& provider,
                                                     const OAuthClient& client,
                                                     std::string_view scope) {
  const std::string& endpoint = provider.device_authorization_endpoint;
  if (endpoint.empty()) {
    return Error::Config(
        Tr("the provider offers no device flow (its metadata has no "
           "device_authorization_endpoint): use oauth2_flow browser"));
  }
  FormFields form{{"client_id", client.id}};
  if (!client.secret.empty()) form.emplace_back("client_secret", client.secret);
  if (!scope.empty()) form.emplace_back("scope", std::string(scope));
  Result<HttpResponse> response = http.Send({.url = endpoint, .form = std::move(form)});
  if (!response) return std::move(response).error();
  return ParseDeviceAuthorization(*response, endpoint);
}

Result<TokenSet> PollDeviceToken(HttpClient& http, Clock& clock, const std::string& token_endpoint,
                                 const OAuthClient& client, const DeviceAuthorization& device) {
  const TimePoint deadline = clock.Now() + device.expires_in;
  std::chrono::seconds interval = device.interval;
  for (;;) {
    MPOP_TRY(clock.Wait(interval));
    if (clock.Now() >= deadline) return Expired();
    Result<TokenReply> reply = RequestTokens(
        http, clock, token_endpoint, client,
        {{"grant_type", std::string(kDeviceCodeGrant)}, {"device_code", device.device_code}});
    if (!reply) return std::move(reply).error();
    if (auto* tokens = std::get_if<TokenSet>(&*reply)) return std::move(*tokens);
    const OAuthError& error = std::get<OAuthError>(*reply);
    if (error.code == "authorization_pending") continue;
    if (error.code == "slow_down") {
      interval += kSlowDownStep;
      continue;
    }
    if (error.code == "expired_token") return Expired();
    if (error.code == "access_denied") return TokenError(error, "authorization was denied");
    return TokenError(error, "device authorization");
  }
}

}  // namespace mpop::oauth2
