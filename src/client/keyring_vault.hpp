#pragma once
// KeyringVault: OAuth2 refresh tokens in the desktop key ring (Secret Service), where mpop
// finds passwords too (auth/secret_service_keyring.hpp), as items with the attributes
// service=mpop-oauth2 and key=USER_at_ISSUER. Without a key ring (no D-Bus session, as in
// most cron jobs and on servers) it is not there, and the token file keeps the token.

#include "oauth2/secret_vault.hpp"

namespace mpop::client {

inline constexpr const char* kKeyringService = "mpop-oauth2";

class KeyringVault : public oauth2::SecretVault {
 public:
  Result<std::optional<std::string>> Load(std::string_view key) override;
  Result<bool> Save(std::string_view key, std::string_view secret) override;
};

}  // namespace mpop::client
