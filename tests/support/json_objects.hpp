#pragma once
// Reading what mpop --json printed: each line of the text as one JSON object.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace mpop::testing {

// One object per line; throws nlohmann::json::parse_error on a line that is not JSON (the
// test then fails with the parser's message).
std::vector<nlohmann::json> ParseJsonLines(const std::string& text);

}  // namespace mpop::testing
