#include "uidls/journal.hpp"

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <optional>
#include <system_error>

namespace mpop::uidls {
namespace {

constexpr std::string_view kMagic = "U1";
constexpr std::size_t kFieldCount = 7;  // magic, crc, time, host, user, uid, token

constexpr std::array<std::uint32_t, 256> MakeCrcTable() {
  std::array<std::uint32_t, 256> table{};
  for (std::uint32_t i = 0; i < 256; ++i) {
    std::uint32_t c = i;
    for (int bit = 0; bit < 8; ++bit) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    table[i] = c;
  }
  return table;
}

constexpr std::array<std::uint32_t, 256> kCrcTable = MakeCrcTable();

bool NeedsEscape(unsigned char c) { return c <= 0x20 || c == 0x7f || c == '%'; }

void AppendEscaped(std::string_view field, std::string* out) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (unsigned char c : field) {
    if (NeedsEscape(c)) {
      *out += '%';
      *out += kHex[c >> 4];
      *out += kHex[c & 0xf];
    } else {
      *out += static_cast<char>(c);
    }
  }
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Undoes AppendEscaped; nullopt for anything AppendEscaped cannot have produced.
std::optional<std::string> Unescape(std::string_view field) {
  std::string out;
  for (std::size_t i = 0; i < field.size(); ++i) {
    unsigned char c = field[i];
    if (c != '%') {
      if (NeedsEscape(c)) return std::nullopt;
      out += static_cast<char>(c);
      continue;
    }
    if (field.size() - i < 3) return std::nullopt;
    int high = HexValue(field[i + 1]);
    int low = HexValue(field[i + 2]);
    if (high < 0 || low < 0) return std::nullopt;
    out += static_cast<char>(high * 16 + low);
    i += 2;
  }
  return out;
}

std::vector<std::string_view> SplitSpaces(std::string_view line) {
  std::vector<std::string_view> fields;
  while (true) {
    std::size_t space = line.find(' ');
    fields.push_back(line.substr(0, space));
    if (space == std::string_view::npos) return fields;
    line.remove_prefix(space + 1);
  }
}

std::optional<JournalRecord> ParseRecord(std::string_view line) {
  std::vector<std::string_view> fields = SplitSpaces(line);
  if (fields.size() != kFieldCount || fields[0] != kMagic || fields[1].size() != 8) {
    return std::nullopt;
  }
  std::uint32_t crc = 0;
  auto [crc_end, crc_ec] = std::from_chars(fields[1].data(), fields[1].data() + 8, crc, 16);
  std::string_view covered = line.substr(kMagic.size() + 1 + 8 + 1);
  if (crc_ec != std::errc() || crc_end != fields[1].data() + 8 || crc != Crc32(covered)) {
    return std::nullopt;
  }
  JournalRecord record;
  std::string_view time = fields[2];
  auto [time_end, time_ec] =
      std::from_chars(time.data(), time.data() + time.size(), record.first_seen);
  if (time.empty() || time_ec != std::errc() || time_end != time.data() + time.size()) {
    return std::nullopt;
  }
  std::optional<std::string> host = Unescape(fields[3]);
  std::optional<std::string> user = Unescape(fields[4]);
  std::optional<std::string> uid = Unescape(fields[5]);
  std::optional<std::string> token = Unescape(fields[6]);
  if (!host || !user || !uid || !token) return std::nullopt;
  record.host = std::move(*host);
  record.user = std::move(*user);
  record.uid = std::move(*uid);
  record.delivery_token = std::move(*token);
  return record;
}

}  // namespace

std::uint32_t Crc32(std::string_view bytes) {
  std::uint32_t crc = 0xFFFFFFFFu;
  for (unsigned char c : bytes) crc = kCrcTable[(crc ^ c) & 0xff] ^ (crc >> 8);
  return crc ^ 0xFFFFFFFFu;
}

std::string FormatJournalRecord(const JournalRecord& record) {
  std::string covered = fmt::format("{} ", record.first_seen);
  AppendEscaped(record.host, &covered);
  covered += ' ';
  AppendEscaped(record.user, &covered);
  covered += ' ';
  AppendEscaped(record.uid, &covered);
  covered += ' ';
  AppendEscaped(record.delivery_token, &covered);
  return fmt::format("{} {:08x} {}\n", kMagic, Crc32(covered), covered);
}

JournalContents ParseJournal(std::string_view text) {
  JournalContents contents;
  while (!text.empty()) {
    std::size_t newline = text.find('\n');
    if (newline == std::string_view::npos) {
      contents.torn_tail = true;
      break;
    }
    if (std::optional<JournalRecord> record = ParseRecord(text.substr(0, newline))) {
      contents.records.push_back(std::move(*record));
    } else {
      ++contents.bad_lines;
    }
    text.remove_prefix(newline + 1);
  }
  return contents;
}

}  // namespace mpop::uidls
