#include "oauth2/discovery.hpp"

#include <optional>
#include <utility>

#include "oauth2/json_reader.hpp"
#include "util/i18n.hpp"

namespace mpop::oauth2 {
namespace {

std::string_view WithoutTrailingSlash(std::string_view url) {
  while (url.ends_with('/')) url.remove_suffix(1);
  return url;
}

}  // namespace

std::vector<std::string> DiscoveryUrls(std::string_view issuer) {
  std::string_view base = WithoutTrailingSlash(issuer);
  std::vector<std::string> urls{std::string(base) + "/.well-known/openid-configuration"};
  // RFC 8414 section 3.1: the well-known part goes between the host and the issuer's path.
  std::size_t scheme_end = base.find("://");
  std::size_t path_start = scheme_end == std::string_view::npos ? std::string_view::npos
                                                                : base.find('/', scheme_end + 3);
  std::string_view origin = base.substr(0, path_start);
  std::string_view path = path_start == std::string_view::npos ? "" : base.substr(path_start);
  urls.push_back(std::string(origin) + "/.well-known/oauth-authorization-server" +
                 std::string(path));
  return urls;
}

Result<ProviderMetadata> ParseMetadata(std::string_view body, std::string_view url,
                                       std::string_view expected_issuer) {
  std::string what = "provider metadata from " + std::string(url);
  Result<nlohmann::json> json = ParseJsonObject(body, what);
  if (!json) return std::move(json).error();
  ProviderMetadata metadata;
  metadata.issuer = StringMember(*json, "issuer").value_or("");
  if (WithoutTrailingSlash(metadata.issuer) != WithoutTrailingSlash(expected_issuer)) {
    return Error::Protocol(
        TrFormat("{} names issuer '{}', not '{}'", what, metadata.issuer, expected_issuer));
  }
  metadata.token_endpoint = StringMember(*json, "token_endpoint").value_or("");
  if (metadata.token_endpoint.empty())
    return Error::Protocol(TrFormat("{} has no token_endpoint", what));
  metadata.authorization_endpoint = StringMember(*json, "authorization_endpoint").value_or("");
  metadata.device_authorization_endpoint =
      StringMember(*json, "device_authorization_endpoint").value_or("");
  metadata.revocation_endpoint = StringMember(*json, "revocation_endpoint").value_or("");
  metadata.introspection_endpoint = StringMember(*json, "introspection_endpoint").value_or("");
  metadata.code_challenge_methods = StringArrayMember(*json, "code_challenge_methods_supported");
  return metadata;
}

Result<ProviderMetadata> Discover(HttpClient& http, std::string_view issuer,
                                  const DiscoveryOptions& options) {
  std::string_view stated = options.stated_issuer.empty() ? issuer : options.stated_issuer;
  std::string last_failure;
  for (const std::string& url : DiscoveryUrls(issuer)) {
    Result<HttpResponse> response = http.Send({.url = url});
    if (!response) return std::move(response).error();
    if (response->status == 200) return ParseMetadata(response->body, url, stated);
    last_failure = url + " answered HTTP " + std::to_string(response->status);
    if (response->status >= 500) return Error::TempFail(last_failure);
  }
  return Error::Config(TrFormat("no OAuth2 provider metadata at {} ({})", issuer, last_failure));
}

}  // namespace mpop::oauth2
