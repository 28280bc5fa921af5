#pragma once
// The device authorization grant (RFC 8628): mpop asks the provider for a user code, the
// user enters it at the verification URL on any device with a browser, and mpop polls the
// token endpoint until the user has approved, refused, or the code has expired.

#include <chrono>
#include <string>
#include <string_view>

#include "oauth2/clock.hpp"
#include "oauth2/discovery.hpp"
#include "oauth2/http_client.hpp"
#include "oauth2/token_endpoint.hpp"
#include "util/result.hpp"

namespace mpop::oauth2 {

inline constexpr std::string_view kDeviceCodeGrant = "urn:ietf:params:oauth:grant-type:device_code";

struct DeviceAuthorization {
  std::string device_code;
  std::string user_code;
  std::string verification_uri;
  std::string verification_uri_complete{};  // empty: the provider sent none
  std::chrono::seconds expires_in{0};
  std::chrono::seconds interval{5};  // RFC 8628 section 3.2: 5 s when not given

  bool operator==(const DeviceAuthorization&) const = default;
};

// Reads the device authorization response (RFC 8628 section 3.2). Google calls the URL
// "verification_url"; that is read too.
// Errors: kProtocol "device authorization response from ENDPOINT has no device_code" (and
// likewise user_code, verification_uri, expires_in); an error answer as TokenError().
Result<DeviceAuthorization> ParseDeviceAuthorization(const HttpResponse& response,
                                                     std::string_view endpoint);

// Asks for a user code. Errors: kConfig "the provider offers no device flow (its metadata
// has no device_authorization_endpoint): use oauth2_flow browser"; those of
// HttpClient::Send and ParseDeviceAuthorization.
Result<DeviceAuthorization> StartDeviceAuthorization(HttpClient& http,
                                                     const ProviderMetadata& provider,
                                                     const OAuthClient& client,
                                                     std::string_view scope);

// Polls the token endpoint every `interval` (5 s more after each slow_down, section 3.5)
// until tokens come. Errors: kNoPerm "authorization was denied: the provider answered
// access_denied (...)"; kTempFail "the user code expired before it was approved: run the
// authorization again" (expired_token, or expires_in passed); kTempFail "interrupted"
// from Clock::Wait; transport errors as RequestTokens(); other answers as TokenError().
Result<TokenSet> PollDeviceToken(HttpClient& http, Clock& clock, const std::string& token_endpoint,
                                 const OAuthClient& client, const DeviceAuthorization& device);

}  // namespace mpop::oauth2
