#pragma once
// The authorization request of the code flow (RFC 6749 section 4.1.1) with PKCE (RFC 7636
// section 4.3) and a loopback redirect (RFC 8252 section 7.3), as the URL the user opens.

#include <string>

#include "oauth2/http_client.hpp"

namespace mpop::oauth2 {

struct AuthorizationRequest {
  std::string endpoint;  // the provider's authorization_endpoint (may have a query)
  std::string client_id;
  std::string redirect_uri;  // "http://127.0.0.1:PORT/"
  std::string scope;         // empty: the provider's default
  std::string state;
  std::string code_challenge;  // S256
  FormFields extra{};          // e.g. Google's access_type=offline
};

std::string AuthorizationUrl(const AuthorizationRequest& request);

}  // namespace mpop::oauth2
