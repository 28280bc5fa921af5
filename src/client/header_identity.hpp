#pragma once
// A stable identity for a mail on a server that has no UIDL (issue 20), so that `only_new`
// and `keep` work there too: "hdr-" and 32 hex digits of a SHA-256 over the mail's
// Message-ID, Date, From and Subject fields (unfolded, as the server sent them, each name
// matched in any case, the first of each) and its size. The identity is stored in the
// UIDLs file like a UID (it fits RFC 1939's 70 characters of 0x21 to 0x7E).
//
// What can go wrong, as the manual says: two mails with the same four fields and the same
// size (a mail delivered twice) share one identity, so the second is taken for the first
// and not fetched; a server that rewrites one of the fields between sessions makes an old
// mail look new.

#include <cstdint>
#include <string>
#include <string_view>

namespace mpop::client {

// `header` is the header section as TOP n 0 returns it (dot-unstuffed; CRLF or LF line
// ends); `size` the mail's size from LIST.
std::string HeaderIdentity(std::string_view header, std::uint64_t size);

}  // namespace mpop::client
