#include "pop3/capabilities.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "util/ascii.hpp"

namespace mpop::pop3 {
namespace {

constexpr std::size_t kMaxMechanisms = 64;

std::string Upper(std::string_view word) {
  std::string result(word);
  for (char& c : result) c = AsciiUpper(c);
  return result;
}

// Splits at runs of spaces and tabs.
std::vector<std::string_view> Words(std::string_view line) {
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    std::size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
    if (i > start) words.push_back(line.substr(start, i - start));
  }
  return words;
}

std::optional<long> ParseNonNegative(std::string_view word) {
  long value = 0;
  auto [end, ec] = std::from_chars(word.data(), word.data() + word.size(), value);
  if (ec != std::errc() || end != word.data() + word.size() || value < 0) return std::nullopt;
  return value;
}

bool IsUserWord(const std::vector<std::string_view>& words) {
  return words.size() > 2 && Upper(words[2]) == "USER";
}

// The capabilities that are one word, and the flag each sets (RFC 2449 section 6, RFC 2595,
// RFC 3206); the ones with arguments are parsed below.
struct FlagCapability {
  std::string_view word;
  bool Capabilities::*flag;
};
constexpr FlagCapability kFlagCapabilities[] = {
    {"TOP", &Capabilities::top},
    {"UIDL", &Capabilities::uidl},
    {"PIPELINING", &Capabilities::pipelining},
    {"USER", &Capabilities::user},
    {"STLS", &Capabilities::stls},
    {"RESP-CODES", &Capabilities::resp_codes},
    {"AUTH-RESP-CODE", &Capabilities::auth_resp_code},
};

}  // namespace

void ParseCapabilityLine(std::string_view line, Capabilities& caps) {
  std::vector<std::string_view> words = Words(line);
  if (words.empty()) return;
  std::string name = Upper(words[0]);
  for (const FlagCapability& capability : kFlagCapabilities) {
    if (name == capability.word) {
      caps.*capability.flag = true;
      return;
    }
  }
  if (name == "IMPLEMENTATION") {
    // The rest of the line after the word, as the server wrote it.
    std::size_t start = (words[0].data() - line.data()) + words[0].size();
    std::string_view rest = line.substr(start);
    while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t')) rest.remove_prefix(1);
    caps.implementation = std::string(rest);
  } else if (name == "LOGIN-DELAY") {
    if (words.size() > 1) {
      caps.login_delay = ParseNonNegative(words[1]);
      caps.login_delay_user_specific = IsUserWord(words);
    }
  } else if (name == "EXPIRE") {
    Expire expire;
    if (words.size() > 1) {
      if (Upper(words[1]) == "NEVER") {
        expire.kind = Expire::Kind::kNever;
      } else if (std::optional<long> days = ParseNonNegative(words[1])) {
        expire.kind = Expire::Kind::kDays;
        expire.days = *days;
      }
      expire.user_specific = IsUserWord(words);
    }
    caps.expire = expire;
  } else if (name == "SASL") {
    caps.sasl = true;
    for (std::size_t i = 1; i < words.size(); ++i) {
      std::string mechanism = Upper(words[i]);
      if (caps.sasl_mechanisms.size() < kMaxMechanisms &&
          std::find(caps.sasl_mechanisms.begin(), caps.sasl_mechanisms.end(), mechanism) ==
              caps.sasl_mechanisms.end()) {
        caps.sasl_mechanisms.push_back(std::move(mechanism));
      }
    }
  }
}

Capabilities ParseCapabilities(std::span<const std::string> lines) {
  Capabilities caps;
  caps.capa_supported = true;
  std::size_t count = std::min(lines.size(), kMaxCapabilityLines);
  for (std::size_t i = 0; i < count; ++i) ParseCapabilityLine(lines[i], caps);
  return caps;
}

}  // namespace mpop::pop3
