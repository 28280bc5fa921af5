#pragma once
// The UIDLs file of upstream mpop 1.4.23 (doc/COMPAT.md 2.2), parsed and formatted as pure
// functions so that the format can be tested and fuzzed without files.
//
// Layout: comment lines ('#' in column 1) only before the first other line; then lists, each
// a header " <n> <host> <user>" (n >= 1, host and user non-empty without spaces) followed by
// exactly n lines "<uid> <first-seen unix seconds>". The time is split off at the LAST space,
// so UIDs may contain spaces; a UID line without any space is a pre-1.4.23 entry whose
// first-seen time becomes the current session time. Every line including its '\n' must fit
// in 8191 bytes.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "uidls/uid_table.hpp"
#include "util/result.hpp"

namespace mpop::uidls {

// Longest line the format allows, '\n' included (upstream's 8192-byte buffer).
inline constexpr std::size_t kMaxLineLength = 8191;
// Longest storable UID: room for ' ', the longest int64 ("-9223372036854775808") and '\n'.
inline constexpr std::size_t kMaxUidLength = kMaxLineLength - 22;

// UID -> first-seen time (Unix seconds), iterated in the order in which upstream writes and
// binary-searches the UIDs (uidls/uid_table.hpp).
using UidMap = UidTable;

// The UIDs seen for one account, identified by host (or socket path) and user.
struct UidList {
  std::string host;
  std::string user;
  UidMap uids;

  bool operator==(const UidList&) const = default;
};

// A whole UIDLs file: the lists in file order (other accounts' lists are kept as read).
struct UidlsData {
  std::vector<UidList> lists;

  bool operator==(const UidlsData&) const = default;

  // The list for host/user, or nullptr.
  UidList* Find(std::string_view host, std::string_view user);
  const UidList* Find(std::string_view host, std::string_view user) const;
};

// Parses a UIDLs file. Unsorted UIDs (files from mpop <= 0.8.3) are sorted; when a UID occurs
// twice in one list the first occurrence wins; two lists for the same host and user are
// merged the same way. `now` is the first-seen time of pre-1.4.23 entries. Errors are kDataErr
// "FILE: line N: WHAT" with `file_name` as FILE; WHAT is one of
//   "line longer than 8191 characters", "line contains a NUL byte",
//   "UID without a list", "invalid list header", "too few UIDs (...)", "empty UID",
//   "invalid first-seen time 'X'".
// If `canonical` is given, it is set to whether FormatUidls(result) == text: then a caller
// that changed nothing knows the text is up to date without formatting it (issue 17).
Result<UidlsData> ParseUidls(std::string_view text, std::string_view file_name, std::int64_t now,
                             bool* canonical = nullptr);
// The same, but the lists keep their UIDs in `text` instead of copying them.
Result<UidlsData> ParseUidls(std::shared_ptr<const FileText> text, std::string_view file_name,
                             std::int64_t now, bool* canonical = nullptr);

// Formats `data` the way upstream writes it: the comment header, then every non-empty list
// in order with its UIDs sorted. The caller guarantees that everything passes the Check*
// functions below (otherwise the result would not parse back).
std::string FormatUidls(const UidlsData& data);
// The same text in pieces of about 16 KiB, each handed to `sink`, which returns false to
// stop (a write error): a file of 50,000 UIDs is never held whole a second time.
void FormatUidlsInPieces(const UidlsData& data, const std::function<bool(std::string_view)>& sink);
// Whether FormatUidls(data) == text, without building the formatted text.
bool FormatsAs(const UidlsData& data, std::string_view text);

// Whether a host/user pair can be a list header: non-empty, no space and no control
// character (errors are kDataErr and say why).
Status CheckListName(std::string_view host, std::string_view user);

// Whether a UID can be stored so that it reads back unchanged: non-empty, not starting with
// a space (that would read as a list header), without NUL or '\n', and short enough
// (kMaxUidLength) for its line "UID TIME\n" to fit in kMaxLineLength whatever the time.
Status CheckUid(std::string_view uid);

}  // namespace mpop::uidls
