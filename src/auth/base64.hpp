#pragma once
// Base64 (RFC 4648, standard alphabet, with padding) for SASL lines (RFC 5034): responses
// are sent base64-encoded and challenges arrive so.

#include <optional>
#include <string>
#include <string_view>

namespace mpop::auth {

std::string Base64Encode(std::string_view bytes);

// nullopt for anything that is not canonical padded base64 (wrong length, characters
// outside the alphabet, misplaced '='). The empty string decodes to the empty string.
std::optional<std::string> Base64Decode(std::string_view text);

}  // namespace mpop::auth
