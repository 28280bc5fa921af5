#include "pop3/greeting.hpp"

#include <cstring>

#include "util/i18n.hpp"

namespace mpop::pop3 {
namespace {

constexpr std::size_t kMaxTimestampLength = 512;

// RFC 5322 atext.
bool IsAtext(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return c != '\0' && std::strchr("!#$%&'*+-/=?^_`{|}~", c) != nullptr;
}

// RFC 5322 dot-atom-text: 1*atext *("." 1*atext).
bool IsDotAtomText(std::string_view s) {
  if (s.empty() || s.front() == '.' || s.back() == '.') return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '.') {
      if (s[i - 1] == '.') return false;
    } else if (!IsAtext(s[i])) {
      return false;
    }
  }
  return true;
}

// RFC 5322 no-fold-literal: "[" *dtext "]", dtext = printable ASCII except "[", "]", "\".
bool IsNoFoldLiteral(std::string_view s) {
  if (s.size() < 2 || s.front() != '[' || s.back() != ']') return false;
  for (char c : s.substr(1, s.size() - 2)) {
    if (c < 33 || c > 126 || c == '[' || c == ']' || c == '\\') return false;
  }
  return true;
}

bool IsMsgId(std::string_view id) {
  std::size_t at = id.find('@');
  if (at == std::string_view::npos) return false;
  std::string_view left = id.substr(0, at);
  std::string_view right = id.substr(at + 1);
  return IsDotAtomText(left) && (IsDotAtomText(right) || IsNoFoldLiteral(right));
}

}  // namespace

std::optional<std::string> FindApopTimestamp(std::string_view text) {
  std::size_t open = text.find('<');
  if (open == std::string_view::npos) return std::nullopt;
  std::size_t close = text.find('>', open);
  if (close == std::string_view::npos || close - open + 1 > kMaxTimestampLength) {
    return std::nullopt;
  }
  std::string_view id = text.substr(open + 1, close - open - 1);
  if (!IsMsgId(id)) return std::nullopt;
  return std::string(text.substr(open, close - open + 1));
}

Result<Greeting> ParseGreeting(const Reply& reply) {
  if (!reply.ok)
    return ReplyError(reply, Tr("POP3 server refused the session"), ExitCode::kProtocol);
  return Greeting{reply.text, FindApopTimestamp(reply.text)};
}

}  // namespace mpop::pop3
