#include "oauth2/token_endpoint.hpp"

#include <algorithm>
#include <cctype>
#include <utility>

#include "oauth2/json_reader.hpp"
#include "util/ascii.hpp"
#include "util/i18n.hpp"

namespace mpop::oauth2 {
namespace {

Result<TokenReply> ReadTokens(const nlohmann::json& json, std::string_view endpoint,
                              TimePoint now) {
  std::string where(endpoint);
  std::optional<std::string> access_token = StringMember(json, "access_token");
  if (!access_token || access_token->empty()) {
    return Error::Protocol(TrFormat("token response from {} has no access_token", where));
  }
  // RFC 6749 section 7.1: we only know how to use bearer tokens (RFC 6750).
  std::string type = StringMember(json, "token_type").value_or("");
  if (!AsciiEqualsIgnoreCase(type, "bearer")) {
    return Error::Protocol(
        TrFormat("token response from {} has token_type '{}', not Bearer", where, type));
  }
  TokenSet tokens{.access_token = std::move(*access_token)};
  tokens.refresh_token = StringMember(json, "refresh_token").value_or("");
  tokens.scope = StringMember(json, "scope").value_or("");
  if (std::optional<std::int64_t> seconds = IntegerMember(json, "expires_in")) {
    tokens.expires_at = now + std::chrono::seconds(*seconds);
  }
  return TokenReply(std::move(tokens));
}

}  // namespace

namespace {

// The provider's words go into a one-line message: no control characters, bounded length.
std::string Printable(std::string_view text) {
  std::string out(text.substr(0, 200));
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  }
  return out;
}

}  // namespace

std::string OAuthError::Describe() const {
  if (description.empty()) return Printable(code);
  return Printable(code) + " (\"" + Printable(description) + "\")";
}

Result<TokenReply> ParseTokenReply(const HttpResponse& response, std::string_view endpoint,
                                   TimePoint now) {
  std::string where(endpoint);
  std::string status = "HTTP " + std::to_string(response.status);
  if (response.status >= 500) return Error::TempFail(TrFormat("{} answered {}", where, status));
  Result<nlohmann::json> json = ParseJsonObject(response.body, "token response from " + where);
  if (response.status == 200) {
    if (!json) return std::move(json).error();
    return ReadTokens(*json, endpoint, now);
  }
  // RFC 6749 section 5.2: errors come as 400 (401 for client authentication).
  if (json) {
    if (std::optional<std::string> code = StringMember(*json, "error")) {
      return TokenReply(OAuthError{*code, StringMember(*json, "error_description").value_or("")});
    }
  }
  return Error::Protocol(TrFormat("{} answered {}", where, status));
}

Result<TokenReply> RequestTokens(HttpClient& http, const Clock& clock, const std::string& endpoint,
                                 const OAuthClient& client, FormFields grant) {
  grant.emplace_back("client_id", client.id);
  if (!client.secret.empty()) grant.emplace_back("client_secret", client.secret);
  Result<HttpResponse> response = http.Send({.url = endpoint, .form = std::move(grant)});
  if (!response) return std::move(response).error();
  return ParseTokenReply(*response, endpoint, clock.Now());
}

Error TokenError(const OAuthError& error, std::string_view what) {
  std::string message = std::string(what) + ": the provider answered " + error.Describe();
  const std::string& code = error.code;
  if (code == "access_denied" || code == "invalid_grant") return Error::NoPerm(message);
  if (code == "invalid_client" || code == "unauthorized_client" || code == "invalid_scope" ||
      code == "unsupported_grant_type") {
    return Error::Config(message);
  }
  return Error::Protocol(message);
}

}  // namespace mpop::oauth2
