#pragma once
// application/x-www-form-urlencoded (RFC 6749 appendix B), for token requests and for the
// query strings of authorization URLs and of the redirect that brings the code back.

#include <string>
#include <string_view>

#include "oauth2/http_client.hpp"
#include "util/result.hpp"

namespace mpop::oauth2 {

// Percent-encodes every byte except RFC 3986's unreserved ALPHA / DIGIT / "-" / "." / "_" /
// "~". A space becomes "%20", which form parsers read like "+".
std::string PercentEncode(std::string_view text);

// "a=1&b=x%20y": the fields in order, names and values percent-encoded.
std::string FormEncode(const FormFields& fields);

// The fields of a query string or form body ("+" is a space). An empty string has none.
// Errors: kProtocol "invalid percent-encoding in 'TEXT'".
Result<FormFields> ParseForm(std::string_view text);

// The value of the first field named `name`, or nullptr.
const std::string* FindField(const FormFields& fields, std::string_view name);

}  // namespace mpop::oauth2
