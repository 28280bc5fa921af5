#include "server/command.hpp"

#include <limits>

namespace mpop::server {

Command ParseCommand(std::string_view line) {
  Command command;
  const std::size_t space = line.find(' ');
  const std::string_view keyword = line.substr(0, space);
  command.keyword.reserve(keyword.size());
  for (char c : keyword) {
    command.keyword.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
  }
  if (space == std::string_view::npos) return command;
  command.has_rest = true;
  command.rest = line.substr(space + 1);
  std::string_view remaining = command.rest;
  while (!remaining.empty()) {
    const std::size_t start = remaining.find_first_not_of(' ');
    if (start == std::string_view::npos) break;
    remaining.remove_prefix(start);
    const std::size_t end = remaining.find(' ');
    command.args.push_back(remaining.substr(0, end));
    remaining.remove_prefix(end == std::string_view::npos ? remaining.size() : end);
  }
  return command;
}

std::optional<std::uint64_t> ParseNumber(std::string_view text) {
  if (text.empty()) return std::nullopt;
  constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();
  std::uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    const std::uint64_t digit = static_cast<std::uint64_t>(c - '0');
    value = value > (kMax - digit) / 10 ? kMax : value * 10 + digit;
  }
  return value;
}

}  // namespace mpop::server
