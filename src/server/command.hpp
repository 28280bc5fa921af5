#pragma once
// Splitting a POP3 command line (RFC 1939 section 3): a case-insensitive keyword, then
// arguments separated by spaces. Runs of spaces are tolerated. USER and PASS take the
// rest of the line verbatim as their one argument, since RFC 1939 allows spaces in a
// password (section 7, PASS).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mpop::server {

struct Command {
  std::string keyword;                 // upper-cased; empty for an empty line
  std::string_view rest;               // everything after "KEYWORD "; may be empty
  bool has_rest = false;               // a space followed the keyword
  std::vector<std::string_view> args;  // rest split at spaces, empty parts dropped
};

// The views point into `line`.
Command ParseCommand(std::string_view line);

// A non-negative decimal number: digits only, no sign, no spaces. Saturates at UINT64_MAX
// (so "18446744073709551616" is "too big", not an error and not 0). nullopt if not a number.
std::optional<std::uint64_t> ParseNumber(std::string_view text);

}  // namespace mpop::server
