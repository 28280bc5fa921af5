#include "oauth2/refresh.hpp"

#include <utility>
#include <variant>

#include "util/i18n.hpp"

namespace mpop::oauth2 {

Result<TokenSet> RefreshTokens(HttpClient& http, const Clock& clock,
                               const std::string& token_endpoint, const OAuthClient& client,
                               const std::string& refresh_token, std::string_view account) {
  Result<TokenReply> reply =
      RequestTokens(http, clock, token_endpoint, client,
                    {{"grant_type", "refresh_token"}, {"refresh_token", refresh_token}});
  if (!reply) return std::move(reply).error();
  if (auto* error = std::get_if<OAuthError>(&*reply)) {
    if (error->code == "invalid_grant") {
      return Error::NoPerm(
          TrFormat("the provider refused the stored refresh token: {}; run `mpop --authorize {}`",
                   error->Describe(), account));
    }
    return TokenError(*error, "token refresh");
  }
  TokenSet tokens = std::get<TokenSet>(std::move(*reply));
  if (tokens.refresh_token.empty()) tokens.refresh_token = refresh_token;
  return tokens;
}

}  // namespace mpop::oauth2
