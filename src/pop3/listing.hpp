#pragma once
// Parsers for the mailbox listings: the STAT reply and the lines of the LIST and UIDL
// multi-line replies (RFC 1939). Every malformation is a kProtocol error that quotes
// the offending line.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.hpp"
#include "util/string_list.hpp"

namespace mpop::pop3 {

// More messages than this in STAT is treated as an error (as upstream does).
inline constexpr long kMaxMessageCount = 1000000;

struct MailboxStat {
  long count = 0;
  std::uint64_t size = 0;  // octets
  bool operator==(const MailboxStat&) const = default;
};

// Parses the text of a positive STAT reply ("2 320", anything after the size ignored).
Result<MailboxStat> ParseStat(std::string_view text);

// The size in the text of a positive reply to "LIST number" ("number size", extra words
// ignored), or nullopt if it is not that.
std::optional<std::uint64_t> ParseListReply(std::string_view text, long number);

// Collects the lines of a LIST reply for a mailbox of `count` messages. Each message must
// be listed exactly once ("n size", several spaces allowed, extra words ignored).
class ListParser {
 public:
  explicit ListParser(long count);
  Status AddLine(std::string_view line);
  // Sizes indexed by message number - 1. Error if a message was not listed.
  Result<std::vector<std::uint64_t>> Finish();

 private:
  std::vector<std::uint64_t> sizes_;
  std::vector<bool> seen_;
};

struct UidList {
  util::StringList uids;  // indexed by message number - 1
  // duplicate[i]: another message has the same UID. Such messages cannot be told apart
  // across sessions; the caller must treat them with care (e.g. always as new, never
  // record them as retrieved under the shared UID alone).
  std::vector<bool> duplicate;
  bool has_duplicates = false;
  bool operator==(const UidList&) const = default;
};

// Collects the lines of a UIDL reply for a mailbox of `count` messages: "n uid", with any
// number of spaces after n (Comcast). The UID is the rest of the line; it may contain
// spaces and non-ASCII bytes but no control characters (doc/COMPAT.md 10). UIDs are opaque
// server strings and may contain "/" or "..": never use one as a file name.
class UidlParser {
 public:
  explicit UidlParser(long count);
  Status AddLine(std::string_view line);
  // Error if a message was not listed.
  Result<UidList> Finish();

 private:
  UidList list_;
  std::vector<bool> seen_;
};

}  // namespace mpop::pop3
