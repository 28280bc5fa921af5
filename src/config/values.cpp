#include "config/values.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <optional>

#include "auth/method_registry.hpp"
#include "config/paths.hpp"
#include "util/ascii.hpp"
#include "util/i18n.hpp"

namespace mpop::config {
namespace {

// The whole text as a C strtoll with base 0 reads it (upstream's number syntax), or
// nullopt if it is not entirely a number or out of range.
std::optional<long long> ParseWholeInteger(std::string_view text) {
  std::string copy(text);  // strtoll needs a terminator; an embedded NUL stops it early
  if (copy.empty()) return std::nullopt;
  errno = 0;
  char* end = nullptr;
  long long value = std::strtoll(copy.c_str(), &end, 0);
  if (errno != 0 || end == copy.c_str() || end != copy.c_str() + copy.size()) {
    return std::nullopt;
  }
  return value;
}

std::optional<int> ParseIntInRange(std::string_view text, long long min, long long max) {
  auto value = ParseWholeInteger(text);
  if (!value || *value < min || *value > max) return std::nullopt;
  return static_cast<int>(*value);
}

Error Invalid(std::string_view what, std::string_view text) {
  return Error::Config(TrFormat("invalid {} {}", what, text));
}

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::optional<std::int64_t> UnitSeconds(char unit) {
  switch (unit) {
    case 'd':
      return 86400;
    case 'h':
      return 3600;
    case 'm':
      return 60;
    case 's':
      return 1;
    default:
      return std::nullopt;
  }
}

// Sum of the duration terms, or nullopt on a syntax error or overflow.
std::optional<std::int64_t> ParseDuration(std::string_view text) {
  std::int64_t total = 0;
  std::size_t pos = 0;
  bool any_term = false;
  while (pos < text.size()) {
    while (pos < text.size() && IsBlank(text[pos])) ++pos;
    std::size_t digits_start = pos;
    std::int64_t number = 0;
    for (; pos < text.size() && IsDigit(text[pos]); ++pos) {
      int digit = text[pos] - '0';
      if (number > (INT64_MAX - digit) / 10) return std::nullopt;
      number = number * 10 + digit;
    }
    if (pos == digits_start || pos == text.size()) return std::nullopt;  // no number/unit
    auto unit = UnitSeconds(text[pos++]);
    if (!unit || number > (INT64_MAX - total) / *unit) return std::nullopt;
    total += number * *unit;
    any_term = true;
  }
  if (!any_term) return std::nullopt;
  return total;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

Result<int> ParsePort(std::string_view text) {
  auto port = ParseIntInRange(text, 1, 65535);
  if (!port) return Invalid(Tr("port"), text);
  return *port;
}

Result<int> ParseTimeout(std::string_view text) {
  if (text == "off") return 0;
  auto seconds = ParseIntInRange(text, 1, INT_MAX);
  if (!seconds) return Invalid(Tr("timeout"), text);
  return *seconds;
}

Result<std::int64_t> ParseSize(std::string_view text) {
  std::int64_t factor = 1;
  std::string_view number = text;
  if (!number.empty() && (number.back() == 'k' || number.back() == 'm')) {
    factor = number.back() == 'k' ? 1024 : 1024 * 1024;
    number.remove_suffix(1);
  }
  auto value = ParseWholeInteger(number);
  if (!value || *value < 0 || *value > INT64_MAX / factor) {
    return Error::Config(TrFormat("invalid size (not a number or out of range): {}", text));
  }
  return *value * factor;
}

Result<std::int64_t> ParseCountLimit(std::string_view text) {
  if (text == "off") return std::int64_t{-1};
  auto value = ParseWholeInteger(text);
  if (!value || *value < 0) return Invalid(Tr("limit"), text);
  return static_cast<std::int64_t>(*value);
}

Result<std::int64_t> ParseKeep(std::string_view text) {
  if (text.empty() || text == "on") return kKeepForever;
  if (text == "off") return 0;
  auto seconds = ParseDuration(text);
  if (!seconds) return Invalid(Tr("duration"), text);
  return *seconds;
}

Result<std::int64_t> ParsePollInterval(std::string_view text) {
  auto seconds = ParseDuration(text);
  if (!seconds || *seconds < 1) return Invalid("poll interval", text);
  return *seconds;
}

Result<bool> ParseOnOff(std::string_view text) {
  if (text.empty() || text == "on") return true;
  if (text == "off") return false;
  return Error::Config(TrFormat("invalid argument {} (expected on or off)", text));
}

Result<Pipelining> ParsePipelining(std::string_view text) {
  if (text == "auto") return Pipelining::kAuto;
  if (text.empty() || text == "on") return Pipelining::kOn;
  if (text == "off") return Pipelining::kOff;
  return Error::Config(TrFormat("invalid argument {} (expected auto, on or off)", text));
}

// The names of auth/method_registry.hpp's rows, written in lower case as the manual does.
Result<std::string> ParseAuthMethod(std::string_view text) {
  if (text.empty() || text == "on") return std::string();
  for (const auth::Method& method : auth::kMethods) {
    const bool same = std::equal(text.begin(), text.end(), method.name.begin(), method.name.end(),
                                 [](char lower, char upper) { return lower == AsciiLower(upper); });
    if (same) return std::string(method.name);
  }
  return Invalid(Tr("authentication method"), text);
}

Result<Delivery> ParseDelivery(std::string_view method, std::string_view argument) {
  const delivery::DeliveryKind* kind = delivery::FindDeliveryKind(method);
  if (kind == nullptr) return Invalid(Tr("delivery method"), method);
  if (argument.empty()) {
    return Error::Config(TrFormat("delivery {} needs {}, such as: delivery {} {}", method,
                                  kind->argument_is, method, kind->example));
  }
  return Delivery{kind, kind->argument_is_path ? ExpandTilde(argument) : std::string(argument)};
}

Result<std::string> ParseFingerprint(std::string_view text) {
  // n pairs with n-1 separators: 3n-1 characters.
  std::size_t pairs = (text.size() + 1) / 3;
  bool valid_length = text.size() == 3 * pairs - 1 && (pairs == 16 || pairs == 20 || pairs == 32);
  if (!valid_length) return Invalid(Tr("fingerprint"), text);
  std::string canonical;
  canonical.reserve(text.size());
  constexpr char kHex[] = "0123456789ABCDEF";
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (i % 3 == 2) {
      if (c != ':' && c != ' ') return Invalid(Tr("fingerprint"), text);
      canonical += ':';
      continue;
    }
    int value = HexValue(c);
    if (value < 0) return Invalid(Tr("fingerprint"), text);
    canonical += kHex[value];
  }
  return canonical;
}

Result<int> ParseDhPrimeBits(std::string_view text) {
  if (text.empty()) return -1;
  auto bits = ParseIntInRange(text, 1, INT_MAX);
  if (!bits) return Invalid(Tr("number of bits"), text);
  return *bits;
}

std::string ExpandTilde(std::string_view path) {
  if (path.empty() || path.front() != '~') return std::string(path);
  std::string home = HomeDirectory();
  if (home.empty()) return std::string(path);
  return home + std::string(path.substr(1));
}

}  // namespace mpop::config
