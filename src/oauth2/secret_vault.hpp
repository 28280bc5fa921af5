#pragma once
// SecretVault: where a refresh token is kept when the system has a better place for it
// than a file, the desktop key ring (client/keyring_vault.hpp). The token file then says
// that the refresh token is in the vault and holds only the short-lived access token.

#include <optional>
#include <string>
#include <string_view>

#include "util/result.hpp"

namespace mpop::oauth2 {

class SecretVault {
 public:
  virtual ~SecretVault() = default;
  // The secret stored under `key`; nullopt when there is none, or no vault here.
  virtual Result<std::optional<std::string>> Load(std::string_view key) = 0;
  // Stores (replaces) the secret; false when there is no vault here, so the caller keeps
  // the secret itself.
  virtual Result<bool> Save(std::string_view key, std::string_view secret) = 0;
};

}  // namespace mpop::oauth2
