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
// With a SecretVault (the key ring) that is there, Save() puts the refresh token into the
// vault and the file says so instead of holding it; Load() then leaves it there, and
// RefreshToken() fetches it only when a refresh is due, so a run whose access token is
// fresh needs no key ring (a cron job without a desktop session, for the token's hour).
// The lock for runs that refresh the same token: oauth2/token_renewal.hpp.

#include <optional>
#include <string>
#include <string_view>

#include "oauth2/clock.hpp"
#include "oauth2/secret_vault.hpp"
#include "util/file_system.hpp"
#include "util/result.hpp"

namespace mpop::oauth2 {

struct StoredTokens {
  std::string refresh_token;  // empty when refresh_token_in_vault
  std::string access_token{};
  std::optional<TimePoint> expires_at{};  // of the access token; nullopt: unknown
  bool refresh_token_in_vault = false;    // Load(): the file says the vault has it

  bool operator==(const StoredTokens&) const = default;
};

// "$XDG_STATE_HOME/mpop/oauth2", or "$HOME/.local/state/mpop/oauth2" when XDG_STATE_HOME
// is unset or empty (or not absolute, as the XDG spec says to ignore it then).
std::string TokenDirectory(const char* xdg_state_home, const char* home);

class TokenFileStore {
 public:
  // `vault`: where refresh tokens go when it is there; null: always the file.
  explicit TokenFileStore(std::string directory,
                          const util::FileSystem& fs = util::PosixFileSystem(),
                          SecretVault* vault = nullptr);

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
  // The refresh token goes into the vault when there is one (tokens.refresh_token_in_vault
  // is ignored).
  Status Save(std::string_view key, const StoredTokens& tokens) const;

  // The refresh token of `tokens` as Load(key) returned them: from them, or from the vault.
  // Errors: kTempFail "the refresh token of KEY is kept in the key ring, which this run
  // cannot reach: ..."; kNoPerm "... is not in the key ring any more: run `mpop
  // --authorize`"; the vault's errors.
  Result<std::string> RefreshToken(std::string_view key, const StoredTokens& tokens) const;

  // Whether Save() would use the vault.
  bool has_vault() const { return vault_ != nullptr; }

 private:
  std::string directory_;
  const util::FileSystem& fs_;
  SecretVault* vault_;
};

// The JSON text of a token file, and back (for the store and its tests).
std::string FormatTokenFile(const StoredTokens& tokens);
std::optional<StoredTokens> ParseTokenFile(std::string_view text);

}  // namespace mpop::oauth2
