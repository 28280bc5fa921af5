#pragma once
// The access token that OAUTHBEARER and XOAUTH2 send when the account has oauth2_* set:
// the stored one while it has time left, else one renewed with the stored refresh token
// (oauth2/token_renewal.hpp), the provider's endpoints found only then.

#include "auth/secret_string.hpp"
#include "client/session_context.hpp"
#include "util/result.hpp"

namespace mpop::client {

// Errors: kNoPerm "no OAuth2 token is stored for account A: run `mpop --authorize A`" and
// the refused refresh token (invalid_grant), both with exit 77; kTempFail when the
// provider cannot be reached; kSoftware when the HTTP library is missing.
Result<auth::SecretString> ObtainAccessToken(const SessionContext& context);

}  // namespace mpop::client
