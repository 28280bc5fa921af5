#pragma once
// Renewing the access token with the refresh token (RFC 6749 section 6).

#include <string>
#include <string_view>

#include "oauth2/clock.hpp"
#include "oauth2/http_client.hpp"
#include "oauth2/token_endpoint.hpp"
#include "util/result.hpp"

namespace mpop::oauth2 {

// New tokens for `refresh_token`. When the provider rotates refresh tokens the result
// carries the new one, and the caller must store it before anything else: the old one is
// dead. When it sends none, the result carries `refresh_token` again (section 6: keep it).
// Errors: kNoPerm "the provider refused the stored refresh token: invalid_grant (...); run
// `mpop --authorize ACCOUNT`" (revoked, expired, or rotated by another run); those of
// RequestTokens(); other error answers as TokenError().
Result<TokenSet> RefreshTokens(HttpClient& http, const Clock& clock,
                               const std::string& token_endpoint, const OAuthClient& client,
                               const std::string& refresh_token, std::string_view account);

}  // namespace mpop::oauth2
