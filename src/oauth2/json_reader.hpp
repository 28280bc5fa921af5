#pragma once
// Reading the small JSON objects that OAuth2 endpoints return, without exceptions: a
// member of the wrong type reads as missing, and the caller says which one it needed.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.hpp"

namespace mpop::oauth2 {

// The body as a JSON object. Errors: kProtocol "WHAT is not a JSON object".
Result<nlohmann::json> ParseJsonObject(std::string_view body, std::string_view what);

std::optional<std::string> StringMember(const nlohmann::json& object, std::string_view name);
// An integer, also when sent as a string of digits ("3600"), as some providers do.
std::optional<std::int64_t> IntegerMember(const nlohmann::json& object, std::string_view name);
// The strings of an array member; non-strings are skipped, a missing member is empty.
std::vector<std::string> StringArrayMember(const nlohmann::json& object, std::string_view name);

}  // namespace mpop::oauth2
