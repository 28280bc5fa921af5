#pragma once
// One line of an mpoprc file split into command and argument (doc/COMPAT.md 6): the command
// is the first word (case-sensitive), the argument the rest with blanks (space, tab)
// trimmed on both sides and one enclosing pair of double quotes removed. There are no
// escapes; inner quotes are literal. Blank lines and lines whose first non-blank
// character is '#' are comments.

#include <cstddef>
#include <string_view>

namespace mpop::config {

// Longest line content (without its "\n") that upstream's 500-byte buffer holds.
inline constexpr std::size_t kMaxLineLength = 499;

struct ConfigLine {
  std::string_view command;   // empty for a blank or comment line
  std::string_view argument;  // trimmed and unquoted
};

// Splits `line`, which has no "\n"; a trailing "\r" (of a "\r\n" line end) is dropped.
// The views point into `line`.
ConfigLine SplitConfigLine(std::string_view line);

// `text` without leading and trailing spaces and tabs.
std::string_view TrimBlanks(std::string_view text);

// TrimBlanks(text), then one enclosing pair of '"' removed if the result is at least two
// characters long and both starts and ends with '"'.
std::string_view TrimAndUnquote(std::string_view text);

}  // namespace mpop::config
