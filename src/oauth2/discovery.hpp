#pragma once
// Provider discovery: from an issuer URL to its endpoints, by OpenID Connect Discovery 1.0
// ("ISSUER/.well-known/openid-configuration") or, failing that, by RFC 8414
// ("https://HOST/.well-known/oauth-authorization-server/PATH"). Either way the document
// must name the issuer we asked for (RFC 8414 section 3.3), so a lookalike cannot hand out
// another provider's endpoints.

#include <string>
#include <string_view>
#include <vector>

#include "oauth2/http_client.hpp"
#include "util/result.hpp"

namespace mpop::oauth2 {

struct ProviderMetadata {
  std::string issuer;
  std::string authorization_endpoint{};  // empty: no browser flow
  std::string token_endpoint;
  std::string device_authorization_endpoint{};  // empty: no device flow (RFC 8628 section 4)
  std::string revocation_endpoint{};
  std::string introspection_endpoint{};
  std::vector<std::string> code_challenge_methods{};  // e.g. {"S256"}; empty: unknown

  bool operator==(const ProviderMetadata&) const = default;
};

struct DiscoveryOptions {
  // The issuer the document must state; empty: the issuer asked for. Microsoft's
  // multi-tenant endpoint states "https://login.microsoftonline.com/{tenantid}/v2.0".
  std::string stated_issuer{};
};

// The metadata URLs for `issuer`, in the order they are tried.
std::vector<std::string> DiscoveryUrls(std::string_view issuer);

// Reads a metadata document fetched from `url`.
// Errors: kProtocol "provider metadata from URL is not a JSON object",
// "provider metadata from URL has no token_endpoint", "provider metadata from URL names
// issuer 'X', not 'Y'".
Result<ProviderMetadata> ParseMetadata(std::string_view body, std::string_view url,
                                       std::string_view expected_issuer);

// Fetches and reads the issuer's metadata, trying DiscoveryUrls() in order.
// Errors: those of HttpClient::Send and ParseMetadata; kTempFail "URL answered HTTP 503";
// kConfig "no OAuth2 provider metadata at ISSUER (URL answered HTTP 404)" when neither
// URL has a document (a wrong oauth2_issuer).
Result<ProviderMetadata> Discover(HttpClient& http, std::string_view issuer,
                                  const DiscoveryOptions& options = {});

}  // namespace mpop::oauth2
