#pragma once
// Finding the mails of a maildir: the regular files in new/ and cur/ (tmp/ holds deliveries
// in progress and is never looked at). Symlinks are not mails: serving one could hand out a
// file from outside the maildir.
//
// UIDs (RFC 1939 section 7: 1 to 70 characters 0x21..0x7E, unique and stable) come from the
// file name's unique part, the text before the first ':' (the ":2,FLAGS" info suffix), so
// a mail keeps its UID when a mail client moves it from new/ to cur/ or changes its flags,
// across sessions and server restarts. A unique part that is not a valid UID (too long,
// spaces, non-ASCII) is replaced by the MD5 hex digest of it, which is just as stable.
// Should the same unique part appear twice (new/x and cur/x:2,S), the second in scan order
// gets the digest of "cur/NAME" instead, so UIDs stay unique.
//
// Order: by modification time (delivery time; seconds, then nanoseconds), ties by file
// name, so message numbers follow delivery order.
//
// Other programs may deliver or remove files meanwhile: a file that vanishes between
// readdir() and open() is simply not part of the result.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.hpp"

namespace mpop::server {

struct MailFile {
  std::string path;  // full path of the file
  std::string uid;
  std::uint64_t size = 0;  // octets as RETR sends them (server/wire_encoder.hpp)

  bool operator==(const MailFile&) const = default;
};

// The UID for a file name (without directory), as described above.
std::string UidFromFileName(std::string_view name);

// True if `uid` is a valid RFC 1939 unique-id.
bool IsValidUid(std::string_view uid);

// Wire size of the file at `path` (reads it in chunks). Errors: kIoErr, with errno ENOENT
// reported as "vanished" so callers can skip it: message "PATH: vanished".
Result<std::uint64_t> FileWireSize(const std::string& path);

// Scans maildir/new and maildir/cur. Errors (kIoErr): "cannot read maildir DIR/new: REASON"
// when one of the two directories is missing or unreadable; a file that cannot be read for
// another reason than vanishing: "cannot read PATH: REASON".
Result<std::vector<MailFile>> ScanMaildir(const std::string& maildir);

}  // namespace mpop::server
