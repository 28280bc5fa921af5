#pragma once
// Case mapping and digits of ASCII, independent of the locale. Since mpop calls
// setlocale(LC_ALL, "") for its translations, <cctype> follows the user's locale: under
// tr_TR.UTF-8 toupper('i') stays 'i', under tr_TR.ISO-8859-9 it becomes a Turkish capital.
// Protocol keywords, configuration values, host and header names and metric labels are
// ASCII and must compare the same in every language.

#include <algorithm>
#include <string_view>

namespace mpop {

constexpr char AsciiUpper(char c) {
  return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
}
constexpr char AsciiLower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}
constexpr bool AsciiDigit(char c) { return c >= '0' && c <= '9'; }

constexpr bool AsciiEqualsIgnoreCase(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                    [](char x, char y) { return AsciiLower(x) == AsciiLower(y); });
}

}  // namespace mpop
