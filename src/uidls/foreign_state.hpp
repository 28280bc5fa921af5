#pragma once
// Reading what other fetchers remember of a mailbox, so that someone switching to mpop does
// not fetch again what they already have (`--import-uidls`). Two formats, told apart by
// their content:
//
//   fetchmail's `.fetchids`: one line per mail seen, "USER@HOST UID" for every mailbox
//     fetchmail polls (USER may hold '@' itself: the last '@' of the first word splits it).
//     Lines of other kinds (IMAP's "USER@HOST UIDVALIDITY" bookkeeping, blank lines) are
//     skipped. fetchmail keeps no date: the entries get the import time.
//   getmail6's `oldmail-SERVER-PORT-USER`: one line per mail, "UID" NUL "SECONDS", the
//     time getmail first saw it; the mailbox is named by the file name only.
//
// A line that is neither gives an error with the file name and line number, and nothing is
// imported from that file.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.hpp"

namespace mpop::uidls {

enum class ForeignFormat { kFetchmail, kGetmail };

struct ForeignUid {
  std::string uid;
  std::optional<std::int64_t> first_seen;  // seconds since the epoch; none: not recorded
};

// The UIDs a fetcher remembers for one mailbox.
struct ForeignMailbox {
  std::string user;
  std::string host;
  std::optional<int> port;  // getmail names it; fetchmail does not
  std::vector<ForeignUid> uids;
};

struct ForeignState {
  ForeignFormat format = ForeignFormat::kFetchmail;
  std::vector<ForeignMailbox> mailboxes;  // in the order the file first names them
};

// "fetchmail .fetchids" or "getmail6 oldmail", for messages.
std::string_view FormatName(ForeignFormat format);

// Parses `content`, read from `path` (its base name tells getmail's mailbox; both name
// errors). kDataErr for a file that is neither format or has a malformed line.
Result<ForeignState> ParseForeignState(std::string_view path, std::string_view content);

// Reads and parses the file at `path`; kNoInput when it cannot be read.
Result<ForeignState> ReadForeignState(const std::string& path);

// The mailbox of `state` that belongs to the account with this user, host and port, if
// any: user and host compare exactly except that host names ignore case; a port is compared
// only where the format records one.
const ForeignMailbox* FindForeignMailbox(const ForeignState& state, std::string_view user,
                                         std::string_view host, int port);

}  // namespace mpop::uidls
