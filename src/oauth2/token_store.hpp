#pragma once
// TokenFileStore: the OAuth2 tokens of each account in a file of its own, for systems
// without a key ring: $XDG_STATE_HOME/mpop/oauth2/KEY.json (~/.local/state when
// XDG_STATE_HOME is unset), a small JSON object.
//
// The files hold secrets, so they are checked the way mpop checks a config file with a
// password in it: a file not owned by us, or with any permission beyond u+rw, is refused,
// not read. Writes replace the file atomically (temporary file with mode 0600, fsync,
// rename, fsync of the directory), so a crash leaves the old tokens or the new ones, never
// a torn file: a rotated refresh token, once the provider has issued it, is the only one
// that works.
//
// Not yet: a lock for runs that refresh the same token at once (issue 18).

#include <optional>
#include <string>
#include <string_view>

#include "oauth2/clock.hpp"
#include "util/file_system.hpp"
#include "util/result.hpp"

namespace mpop::oauth2 {

struct StoredTokens {
  std::string refresh_token;
  std::string access_token{};
  std::optional<TimePoint> expires_at{};  // of the access token; nullopt: unknown

  bool operator==(const StoredTokens&) const = default;
};

// "$XDG_STATE_HOME/mpop/oauth2", or "$HOME/.local/state/mpop/oauth2" when XDG_STATE_HOME
// is unset or empty (or not absolute, as the XDG spec says to ignore it then).
std::string TokenDirectory(const char* xdg_state_home, const char* home);

class TokenFileStore {
 public:
  explicit TokenFileStore(std::string directory,
                          const util::FileSystem& fs = util::PosixFileSystem());

  // DIRECTORY/KEY.json with KEY percent-encoded (an account name may hold any byte).
  std::string PathFor(std::string_view key) const;

  // nullopt when nothing is stored for `key`. Errors: kConfig "PATH contains secrets and
  // therefore must be owned by you", kConfig "PATH contains secrets and therefore must
  // have no more than user read/write permissions"; kIoErr "cannot read PATH: <reason>";
  // kDataErr "PATH is not a valid token file: run `mpop --authorize`".
  Result<std::optional<StoredTokens>> Load(std::string_view key) const;

  // Creates the directories (mode 0700) as needed and replaces the file atomically.
  // Errors: kCantCreate "cannot create DIRECTORY: <reason>"; kIoErr "cannot write PATH:
  // <reason>" (the old file is then untouched).
  Status Save(std::string_view key, const StoredTokens& tokens) const;

 private:
  std::string directory_;
  const util::FileSystem& fs_;
};

// The JSON text of a token file, and back (for the store and its tests).
std::string FormatTokenFile(const StoredTokens& tokens);
std::optional<StoredTokens> ParseTokenFile(std::string_view text);

}  // namespace mpop::oauth2
