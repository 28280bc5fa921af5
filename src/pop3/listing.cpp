#include "pop3/listing.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <optional>

#include "pop3/reply.hpp"
#include "util/i18n.hpp"

namespace mpop::pop3 {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t'; }

void SkipSpaces(std::string_view& s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
}

// Takes a run of decimal digits from the front of s. No sign, no spaces.
template <class T>
std::optional<T> TakeNumber(std::string_view& s) {
  std::size_t digits = 0;
  while (digits < s.size() && s[digits] >= '0' && s[digits] <= '9') ++digits;
  if (digits == 0) return std::nullopt;
  T value{};
  auto [end, ec] = std::from_chars(s.data(), s.data() + digits, value);
  if (ec != std::errc()) return std::nullopt;
  s.remove_prefix(digits);
  return value;
}

Error InvalidLine(std::string_view command, std::string_view line) {
  return Error::Protocol(
      TrFormat("POP3 server sent an invalid {} line: {}", command, QuoteServerText(line)));
}

// Parses the message number at the start of a LIST/UIDL line and checks it.
Result<long> TakeMessageNumber(std::string_view& rest, std::string_view line, long count,
                               std::vector<bool>& seen, std::string_view command) {
  std::optional<long> number = TakeNumber<long>(rest);
  if (!number || rest.empty() || !IsSpace(rest.front())) return InvalidLine(command, line);
  if (*number < 1 || *number > count) {
    return Error::Protocol(TrFormat(
        "POP3 server listed nonexistent message {} (the mailbox has {}) in its {} reply: {}",
        *number, count, command, QuoteServerText(line)));
  }
  if (seen[*number - 1]) {
    return Error::Protocol(
        TrFormat("POP3 server listed message {} twice in its {} reply", *number, command));
  }
  seen[*number - 1] = true;
  return *number;
}

Status CheckComplete(const std::vector<bool>& seen, std::string_view command) {
  for (std::size_t i = 0; i < seen.size(); ++i) {
    if (!seen[i]) {
      return Error::Protocol(
          TrFormat("POP3 server did not list message {} in its {} reply", i + 1, command));
    }
  }
  return {};
}

}  // namespace

Result<MailboxStat> ParseStat(std::string_view text) {
  std::string_view rest = text;
  SkipSpaces(rest);
  std::optional<long> count = TakeNumber<long>(rest);
  bool separated = !rest.empty() && IsSpace(rest.front());
  SkipSpaces(rest);
  std::optional<std::uint64_t> size = TakeNumber<std::uint64_t>(rest);
  if (!count || !separated || !size || (!rest.empty() && !IsSpace(rest.front()))) {
    return Error::Protocol(
        TrFormat("POP3 server sent an invalid STAT reply: {}", QuoteServerText(text)));
  }
  if (*count > kMaxMessageCount) {
    return Error::Protocol(
        TrFormat("POP3 server reports {} messages; more than {} are not supported", *count,
                 kMaxMessageCount));
  }
  return MailboxStat{*count, *size};
}

std::optional<std::uint64_t> ParseListReply(std::string_view text, long number) {
  std::string_view rest = text;
  SkipSpaces(rest);
  std::optional<long> listed = TakeNumber<long>(rest);
  if (!listed || *listed != number || rest.empty() || !IsSpace(rest.front())) return std::nullopt;
  SkipSpaces(rest);
  std::optional<std::uint64_t> size = TakeNumber<std::uint64_t>(rest);
  if (!size || (!rest.empty() && !IsSpace(rest.front()))) return std::nullopt;
  return size;
}

ListParser::ListParser(long count) : sizes_(count), seen_(count) {}

Status ListParser::AddLine(std::string_view line) {
  std::string_view rest = line;
  Result<long> number =
      TakeMessageNumber(rest, line, static_cast<long>(sizes_.size()), seen_, "LIST");
  if (!number) return std::move(number).error();
  SkipSpaces(rest);
  std::optional<std::uint64_t> size = TakeNumber<std::uint64_t>(rest);
  if (!size || (!rest.empty() && !IsSpace(rest.front()))) return InvalidLine("LIST", line);
  sizes_[*number - 1] = *size;
  return {};
}

Result<std::vector<std::uint64_t>> ListParser::Finish() {
  MPOP_TRY(CheckComplete(seen_, "LIST"));
  return std::move(sizes_);
}

UidlParser::UidlParser(long count) : seen_(count) {
  list_.uids.resize(count);
  // A typical UIDL line "n <16-byte UID>": one allocation for all of them.
  list_.uids.reserve_bytes(static_cast<std::size_t>(count) * 16);
  list_.duplicate.resize(count);
}

Status UidlParser::AddLine(std::string_view line) {
  std::string_view rest = line;
  Result<long> number =
      TakeMessageNumber(rest, line, static_cast<long>(seen_.size()), seen_, "UIDL");
  if (!number) return std::move(number).error();
  SkipSpaces(rest);
  if (rest.empty()) return InvalidLine("UIDL", line);
  for (char c : rest) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) return InvalidLine("UIDL", line);
  }
  list_.uids.Set(*number - 1, rest);
  return {};
}

Result<UidList> UidlParser::Finish() {
  MPOP_TRY(CheckComplete(seen_, "UIDL"));
  // Servers mostly list their UIDs in ascending order (Dovecot, Gmail): then no two are
  // equal, which one pass shows without allocating anything.
  const util::StringList& uids = list_.uids;
  bool ascending = true;
  for (std::size_t i = 1; i < uids.size() && ascending; ++i) ascending = uids[i - 1] < uids[i];
  if (ascending) return std::move(list_);
  // Else equal UIDs end up side by side in UID order; no per-UID allocation.
  std::vector<std::uint32_t> order(uids.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<std::uint32_t>(i);
  auto by_uid = [&](std::uint32_t a, std::uint32_t b) { return uids[a] < uids[b]; };
  if (!std::is_sorted(order.begin(), order.end(), by_uid)) {
    std::sort(order.begin(), order.end(), by_uid);
  }
  for (std::size_t k = 1; k < order.size(); ++k) {
    if (uids[order[k]] == uids[order[k - 1]]) {
      list_.duplicate[order[k]] = true;
      list_.duplicate[order[k - 1]] = true;
      list_.has_duplicates = true;
    }
  }
  return std::move(list_);
}

}  // namespace mpop::pop3
