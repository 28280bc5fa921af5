#include "client/keyring_vault.hpp"

#include <string>

#include "auth/secret_service_keyring.hpp"

namespace mpop::client {

Result<std::optional<std::string>> KeyringVault::Load(std::string_view key) {
  Result<std::optional<auth::SecretString>> found = auth::LookupOwnSecret(kKeyringService, key);
  if (!found) return std::move(found).error();
  if (!*found) return std::optional<std::string>();
  return std::optional<std::string>(std::string((*found)->view()));
}

Result<bool> KeyringVault::Save(std::string_view key, std::string_view secret) {
  return auth::StoreOwnSecret("mpop OAuth2 refresh token for " + std::string(key), kKeyringService,
                              key, secret);
}

}  // namespace mpop::client
