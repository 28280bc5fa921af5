#pragma once
// Helpers to feed a stream parser the same input in pieces of 1, 2, 3 bytes and whole,
// as the style guide asks of every stream parser test.

#include <array>
#include <cstddef>
#include <string_view>
#include <vector>

namespace mpop::pop3 {

inline constexpr std::array<std::size_t, 5> kTrickleSizes = {1, 2, 3, 7, 0};  // 0: whole

// Splits `input` into pieces of `size` bytes (0: one piece).
inline std::vector<std::string_view> Pieces(std::string_view input, std::size_t size) {
  std::vector<std::string_view> pieces;
  if (size == 0) size = input.size() == 0 ? 1 : input.size();
  for (std::size_t i = 0; i < input.size(); i += size) pieces.push_back(input.substr(i, size));
  return pieces;
}

}  // namespace mpop::pop3
