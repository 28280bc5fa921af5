#include "pop3/reply.hpp"

#include <array>
#include <cctype>

#include "util/ascii.hpp"
#include "util/i18n.hpp"

namespace mpop::pop3 {
namespace {

constexpr std::size_t kMaxQuotedLength = 200;
constexpr std::size_t kMaxResponseCodeLength = 64;

// "[CODE] rest" -> "CODE" (RFC 2449 section 8: atoms separated by '/').
std::optional<std::string> ParseResponseCode(std::string_view text) {
  if (text.empty() || text.front() != '[') return std::nullopt;
  std::size_t close = text.find(']');
  if (close == std::string_view::npos || close == 1 || close > kMaxResponseCodeLength) {
    return std::nullopt;
  }
  std::string code;
  for (char c : text.substr(1, close - 1)) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f) return std::nullopt;
    code += AsciiUpper(c);
  }
  return code;
}

struct CodeInfo {
  std::string_view code;
  ExitCode exit_code;
  std::string_view explanation;
};

constexpr std::array<CodeInfo, 5> kKnownCodes = {{
    {"LOGIN-DELAY", ExitCode::kTempFail,
     N_("the server refuses logins this soon after the last one; try later")},
    {"IN-USE", ExitCode::kTempFail, N_("the mailbox is in use by another POP3 session; try later")},
    {"SYS/TEMP", ExitCode::kTempFail, N_("temporary failure on the server; try later")},
    {"SYS/PERM", ExitCode::kUnavailable,
     N_("permanent failure on the server; ask its administrator")},
    {"AUTH", ExitCode::kNoPerm,
     N_("the credentials were rejected; check the user name and password")},
}};

// Codes are hierarchical: "SYS/TEMP/DISK" is a kind of "SYS/TEMP".
bool CodeMatches(std::string_view code, std::string_view known) {
  if (code.substr(0, known.size()) != known) return false;
  return code.size() == known.size() || code[known.size()] == '/';
}

}  // namespace

Result<Reply> ParseReply(std::string_view line) {
  if (line.empty() || (line.front() != '+' && line.front() != '-')) {
    return Error::Protocol(
        TrFormat("POP3 server sent an invalid reply: {}", QuoteServerText(line)));
  }
  Reply reply;
  reply.ok = line.front() == '+';
  reply.line = std::string(line);
  std::string_view rest = line.substr(1);
  if (reply.ok && (rest.empty() || rest.front() == ' ')) {
    reply.continuation = true;
    if (!rest.empty()) rest.remove_prefix(1);
    reply.text = std::string(rest);
    return reply;
  }
  // Skip the status word ("OK", "ERR", or whatever the server chose) and one space.
  std::size_t space = rest.find(' ');
  rest = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
  reply.text = std::string(rest);
  reply.response_code = ParseResponseCode(rest);
  return reply;
}

std::string SanitizeServerText(std::string_view text) {
  std::string result(text);
  for (char& c : result) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) c = '?';
  }
  return result;
}

std::string QuoteServerText(std::string_view text) {
  bool cut = text.size() > kMaxQuotedLength;
  if (cut) text = text.substr(0, kMaxQuotedLength);
  return "\"" + SanitizeServerText(text) + (cut ? "...\"" : "\"");
}

Error ReplyError(const Reply& reply, std::string_view what, ExitCode default_code) {
  Error error{default_code, std::string(what) + ": " + QuoteServerText(reply.line),
              SanitizeServerText(reply.line)};
  if (!reply.response_code) return error;
  for (const CodeInfo& info : kKnownCodes) {
    if (CodeMatches(*reply.response_code, info.code)) {
      error.code = info.exit_code;
      error.message += " (" + std::string(Tr(info.explanation.data())) + ")";
      break;
    }
  }
  return error;
}

}  // namespace mpop::pop3
