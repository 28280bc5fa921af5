#pragma once
// The netrc file format (~/.netrc, SYSCONFDIR/netrc), read for a password when nothing else
// gave one (doc/COMPAT.md 4.4). Pure: text in, entries out, so it can be fuzzed.
//
// The file is a sequence of whitespace-separated tokens (space, tab, newline):
//   machine NAME   starts an entry for host NAME
//   default        starts the catch-all entry; mpop never uses it (upstream ignores it too:
//                  handing one password to every server would leak it)
//   login NAME / password SECRET / account STRING   belong to the current entry
//   macdef NAME    a macro definition: its body runs to the next empty line and is skipped
// A token may be written in double quotes, with backslash escaping the next character, so
// that it can hold spaces. '#' where a keyword is expected starts a comment to the end of
// the line (never inside a value: "password #1" is the password "#1"). Unknown keywords and
// values before the first entry are skipped. The parser never fails; a truncated entry
// simply lacks fields.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/secret_string.hpp"

namespace mpop::auth {

struct NetrcEntry {
  std::string machine;  // empty for the default entry
  bool is_default = false;
  std::optional<std::string> login;
  std::optional<std::string> password;
  std::optional<std::string> account;

  bool operator==(const NetrcEntry&) const = default;
};

std::vector<NetrcEntry> ParseNetrc(std::string_view text);

// The password of the first entry whose machine equals `host` (ASCII case-insensitive, as
// host names are) and whose login equals `user` exactly, and that has a password. Default
// entries never match.
std::optional<SecretString> FindNetrcPassword(std::string_view text, std::string_view host,
                                              std::string_view user);

}  // namespace mpop::auth
