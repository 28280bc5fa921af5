#pragma once
// "Did you mean ...?" for misspelt command names: the closest candidate by edit distance
// (optimal string alignment: insert, delete, substitute, swap two neighbours), compared
// case-insensitively.

#include <optional>
#include <span>
#include <string_view>

namespace mpop::config {

// Edit distance between a and b, ignoring ASCII case.
std::size_t EditDistance(std::string_view a, std::string_view b);

// The first candidate with the smallest distance to `word`, if that distance is small
// enough to be a typo: at most 1 for words shorter than 6 characters, at most 2 else.
std::optional<std::string_view> ClosestName(std::string_view word,
                                            std::span<const std::string_view> candidates);

}  // namespace mpop::config
