#pragma once
// base64url without padding (RFC 4648 section 5, as RFC 7636 appendix A uses it).

#include <string>
#include <string_view>

namespace mpop::oauth2 {

std::string Base64UrlEncode(std::string_view bytes);

}  // namespace mpop::oauth2
