#include "uidls/foreign_state.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <fstream>
#include <iterator>

#include "util/ascii.hpp"
#include "util/error.hpp"
#include "util/i18n.hpp"

namespace mpop::uidls {
namespace {

constexpr std::string_view kGetmailPrefix = "oldmail-";

std::string_view BaseName(std::string_view path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

bool IsDigits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return AsciiDigit(c); });
}

// A UID as RFC 1939 section 7 allows it: 1 to 70 characters 0x21 to 0x7E.
bool IsUid(std::string_view uid) {
  return !uid.empty() && uid.size() <= 70 &&
         std::all_of(uid.begin(), uid.end(), [](char c) { return c >= 0x21 && c <= 0x7e; });
}

template <typename Number>
std::optional<Number> ParseNumber(std::string_view text) {
  Number value{};
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

Error LineError(std::string_view path, std::size_t line, std::string_view what) {
  return Error::DataErr(fmt::format("{}:{}: {}", path, line, what));
}

// Calls `each(line, number)` for every line without its '\n'; stops at the first error.
template <typename Each>
Status ForEachLine(std::string_view content, Each each) {
  std::size_t number = 0;
  while (!content.empty()) {
    const std::size_t newline = content.find('\n');
    const std::string_view line = content.substr(0, newline);
    MPOP_TRY(each(line, ++number));
    if (newline == std::string_view::npos) break;
    content.remove_prefix(newline + 1);
  }
  return {};
}

// "oldmail-SERVER-PORT-USER": the port is the first all-digit part between dashes after a
// non-empty server name (host names may hold dashes; the user may too).
Result<ForeignMailbox> GetmailMailbox(std::string_view path) {
  std::string_view name = BaseName(path);
  if (!name.starts_with(kGetmailPrefix)) name = {};
  name.remove_prefix(std::min(name.size(), kGetmailPrefix.size()));
  for (std::size_t dash = name.find('-', 1); dash != std::string_view::npos;
       dash = name.find('-', dash + 1)) {
    const std::size_t next = name.find('-', dash + 1);
    if (next == std::string_view::npos) break;
    const std::string_view digits = name.substr(dash + 1, next - dash - 1);
    const std::optional<int> port = IsDigits(digits) ? ParseNumber<int>(digits) : std::nullopt;
    if (!port || next + 1 >= name.size()) continue;
    ForeignMailbox mailbox;
    mailbox.host = std::string(name.substr(0, dash));
    mailbox.port = *port;
    mailbox.user = std::string(name.substr(next + 1));
    return mailbox;
  }
  return Error::DataErr(TrFormat(
      "{}: a getmail state file is named oldmail-SERVER-PORT-USER; cannot tell the mailbox "
      "from this name",
      path));
}

Result<ForeignState> ParseGetmail(std::string_view path, std::string_view content) {
  Result<ForeignMailbox> mailbox = GetmailMailbox(path);
  if (!mailbox) return std::move(mailbox).error();
  MPOP_TRY(ForEachLine(content, [&](std::string_view line, std::size_t number) -> Status {
    if (line.empty()) return {};
    const std::size_t nul = line.find('\0');
    const std::string_view uid = line.substr(0, nul);
    if (!IsUid(uid)) return LineError(path, number, "not a POP3 UID");
    ForeignUid entry{std::string(uid), std::nullopt};
    if (nul != std::string_view::npos) {
      // getmail writes whole seconds; older versions wrote a float ("1700000000.5").
      std::string_view seconds = line.substr(nul + 1);
      seconds = seconds.substr(0, seconds.find('.'));
      entry.first_seen = ParseNumber<std::int64_t>(seconds);
      if (!entry.first_seen) return LineError(path, number, "not a time after the UID");
    }
    mailbox->uids.push_back(std::move(entry));
    return {};
  }));
  ForeignState state;
  state.format = ForeignFormat::kGetmail;
  state.mailboxes.push_back(std::move(*mailbox));
  return state;
}

Result<ForeignState> ParseFetchmail(std::string_view path, std::string_view content) {
  ForeignState state;
  state.format = ForeignFormat::kFetchmail;
  MPOP_TRY(ForEachLine(content, [&](std::string_view line, std::size_t number) -> Status {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) return {};
    const std::size_t space = line.find(' ');
    const std::string_view id = line.substr(0, space);
    const std::size_t at = id.rfind('@');
    if (space == std::string_view::npos || at == std::string_view::npos || at == 0 ||
        at + 1 == id.size()) {
      return LineError(path, number, "expected USER@HOST UID, as fetchmail writes them");
    }
    std::string_view uid = line.substr(space + 1);
    // IMAP bookkeeping ("USER@HOST UIDVALIDITY" as a bare number after a marker) and
    // anything with more words is not a POP3 UID: skip it, it is fetchmail's own.
    if (uid.find(' ') != std::string_view::npos || !IsUid(uid)) return {};
    const std::string_view user = id.substr(0, at);
    const std::string_view host = id.substr(at + 1);
    auto mailbox =
        std::find_if(state.mailboxes.begin(), state.mailboxes.end(),
                     [&](const ForeignMailbox& m) { return m.user == user && m.host == host; });
    if (mailbox == state.mailboxes.end()) {
      state.mailboxes.push_back({std::string(user), std::string(host), std::nullopt, {}});
      mailbox = std::prev(state.mailboxes.end());
    }
    mailbox->uids.push_back({std::string(uid), std::nullopt});
    return {};
  }));
  return state;
}

bool SameHost(std::string_view a, std::string_view b) { return AsciiEqualsIgnoreCase(a, b); }

}  // namespace

std::string_view FormatName(ForeignFormat format) {
  return format == ForeignFormat::kGetmail ? "getmail6 oldmail" : "fetchmail .fetchids";
}

Result<ForeignState> ParseForeignState(std::string_view path, std::string_view content) {
  // getmail's lines carry a NUL; fetchmail's never do (they are text).
  if (BaseName(path).starts_with(kGetmailPrefix) || content.find('\0') != std::string_view::npos) {
    return ParseGetmail(path, content);
  }
  return ParseFetchmail(path, content);
}

Result<ForeignState> ReadForeignState(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error::NoInput(TrFormat("cannot read {}: {}", path, ErrnoText(errno)));
  const std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return Error::NoInput(TrFormat("cannot read {}: {}", path, ErrnoText(errno)));
  return ParseForeignState(path, content);
}

const ForeignMailbox* FindForeignMailbox(const ForeignState& state, std::string_view user,
                                         std::string_view host, int port) {
  for (const ForeignMailbox& mailbox : state.mailboxes) {
    if (mailbox.user == user && SameHost(mailbox.host, host) &&
        (!mailbox.port || *mailbox.port == port)) {
      return &mailbox;
    }
  }
  return nullptr;
}

}  // namespace mpop::uidls
