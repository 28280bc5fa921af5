#include "oauth2/authorization_url.hpp"

#include "oauth2/form_encoding.hpp"

namespace mpop::oauth2 {

std::string AuthorizationUrl(const AuthorizationRequest& request) {
  FormFields fields{{"response_type", "code"},
                    {"client_id", request.client_id},
                    {"redirect_uri", request.redirect_uri}};
  if (!request.scope.empty()) fields.emplace_back("scope", request.scope);
  fields.emplace_back("state", request.state);
  fields.emplace_back("code_challenge", request.code_challenge);
  fields.emplace_back("code_challenge_method", "S256");
  fields.insert(fields.end(), request.extra.begin(), request.extra.end());
  // RFC 6749 section 3.1: the endpoint's own query parameters are kept.
  char separator = request.endpoint.find('?') == std::string::npos ? '?' : '&';
  return request.endpoint + separator + FormEncode(fields);
}

}  // namespace mpop::oauth2
