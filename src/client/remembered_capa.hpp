#pragma once
// The POP3 server's last CAPA reply, remembered per account (issue 17), so that the next
// session can send CAPA together with its login batch instead of waiting a round trip for
// it (doc/ARCHITECTURE.md "Remembered capabilities").
//
// The file is "<UIDLs file>.capa", beside the UIDLs file but never inside it (that file's
// format is upstream's). Accounts that share a UIDLs file share it too: one block per
// host, user and whether TLS was active when the reply was read:
//
//   # comment lines
//   = HOST USER TLS          (TLS: 1 or 0)
//     CAPABILITY LINE        (two spaces, then the line as the server sent it)
//
// It is a cache: a missing, unreadable or damaged file, or one without the account's block,
// means "nothing remembered", and a failed write is ignored. It is written (atomically:
// temp file and rename, no fsync) only when the reply changed, so a session with nothing
// new writes nothing.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mpop::client {

struct CapaKey {
  std::string_view host;
  std::string_view user;
  bool tls = false;
};

// The remembered lines for `key`, or nullopt.
std::optional<std::vector<std::string>> LoadRememberedCapa(const std::string& path,
                                                           const CapaKey& key);

// Replaces the block of `key` with `lines`, keeping the other blocks; does nothing when
// the file already holds exactly these lines for it.
void RememberCapa(const std::string& path, const CapaKey& key,
                  const std::vector<std::string>& lines);

}  // namespace mpop::client
