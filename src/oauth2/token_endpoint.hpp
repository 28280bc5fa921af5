#pragma once
// The token endpoint (RFC 6749 section 3.2): every grant ends with a POST there, and every
// answer is either tokens (section 5.1) or an error code (section 5.2). The grants
// (device_flow, code_flow, refresh) build the fields; this file sends and reads.

#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "oauth2/clock.hpp"
#include "oauth2/http_client.hpp"
#include "util/result.hpp"

namespace mpop::oauth2 {

// The client as registered with the provider. Installed applications are public clients
// (RFC 8252 section 8.4); some providers (Google) issue them a secret all the same, which
// is then sent in the body (client_secret_post).
struct OAuthClient {
  std::string id;
  std::string secret{};  // empty: none

  bool operator==(const OAuthClient&) const = default;
};

struct TokenSet {
  std::string access_token;
  std::string refresh_token{};            // empty: none issued
  std::optional<TimePoint> expires_at{};  // nullopt: the provider did not say
  std::string scope{};                    // granted scope, if the provider said

  bool operator==(const TokenSet&) const = default;
};

// An error response, RFC 6749 section 5.2 (and RFC 8628 section 3.5's additions).
struct OAuthError {
  std::string code;  // "invalid_grant", "authorization_pending", ...
  std::string description{};

  bool operator==(const OAuthError&) const = default;
  // `invalid_grant ("Refresh token expired")`, or just the code without a description.
  std::string Describe() const;
};

using TokenReply = std::variant<TokenSet, OAuthError>;

// Reads a token endpoint's answer. `endpoint` names it in messages, `now` dates expires_in.
// Errors: kTempFail "ENDPOINT answered HTTP 503" (5xx: the provider is down for now);
// kProtocol "ENDPOINT answered HTTP 404", "token response from ENDPOINT is not a JSON
// object", "token response from ENDPOINT has no access_token", "token response from
// ENDPOINT has token_type 'mac', not Bearer".
Result<TokenReply> ParseTokenReply(const HttpResponse& response, std::string_view endpoint,
                                   TimePoint now);

// POSTs `grant` (grant_type and its fields) with the client's credentials to the token
// endpoint and reads the answer. Errors: those of HttpClient::Send and ParseTokenReply.
Result<TokenReply> RequestTokens(HttpClient& http, const Clock& clock, const std::string& endpoint,
                                 const OAuthClient& client, FormFields grant);

// The Error for an error answer the grant does not handle itself: kNoPerm for
// access_denied and invalid_grant, kConfig for the client's own mistakes (invalid_client,
// unauthorized_client, invalid_scope, unsupported_grant_type), else kProtocol.
// Message: "WHAT: the provider answered invalid_client ("...")".
Error TokenError(const OAuthError& error, std::string_view what);

}  // namespace mpop::oauth2
