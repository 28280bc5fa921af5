#pragma once
// SecretServiceKeyring: the Keyring of auth/password_source.hpp on the freedesktop Secret
// Service (GNOME Keyring, KeePassXC, ...) through libsecret. Lookups, first match wins:
//   1. attributes host=HOST service=pop3 user=USER, whatever the item's schema: upstream's
//      schema "de.marlam.mpop.password" and what the manual's
//      `secret-tool store --label=mpop host HOST service pop3 user USER` stores;
//   2. the old gnome-keyring network schema: user=USER protocol=pop3 server=HOST.
//
// No Secret Service is no error: without a session bus (no DBUS_SESSION_BUS_ADDRESS and no
// $XDG_RUNTIME_DIR/bus) nothing is asked at all, and a bus that cannot be reached or has
// no Secret Service gives nullopt, and so does a system without libsecret (it is loaded
// only here, see auth/libsecret_api.hpp). Errors (kTempFail, "keyring: ..."): the Secret Service
// answered with an error, or did not answer within the time-out (a locked keyring waiting
// for a prompt nobody can see).

#include <chrono>
#include <optional>
#include <string_view>

#include "auth/password_source.hpp"

namespace mpop::auth {

inline constexpr const char* kLibSecretSoname = "libsecret-1.so.0";

class SecretServiceKeyring : public Keyring {
 public:
  // `soname` is the libsecret to load; tests name a missing one.
  explicit SecretServiceKeyring(std::chrono::milliseconds timeout = std::chrono::seconds(5),
                                const char* soname = kLibSecretSoname)
      : timeout_(timeout), soname_(soname) {}

  Result<std::optional<SecretString>> Lookup(std::string_view host, std::string_view user) override;

 private:
  std::chrono::milliseconds timeout_;
  const char* soname_;
};

// mpop's own secrets, such as OAuth2 refresh tokens (client/keyring_vault.hpp): items with
// the attributes service=SERVICE and key=KEY, so that `secret-tool lookup service SERVICE
// key KEY` shows one. No Secret Service is no error, as above: Lookup gives nullopt and
// Store false (the caller keeps the secret elsewhere). Errors (kTempFail, "keyring: ..."):
// as for SecretServiceKeyring::Lookup.
struct OwnSecretOptions {
  std::chrono::milliseconds timeout = std::chrono::seconds(5);
  const char* soname = kLibSecretSoname;
};
Result<std::optional<SecretString>> LookupOwnSecret(std::string_view service, std::string_view key,
                                                    const OwnSecretOptions& options = {});
Result<bool> StoreOwnSecret(std::string_view label, std::string_view service, std::string_view key,
                            std::string_view secret, const OwnSecretOptions& options = {});

// Whether a D-Bus session bus is configured for this process (see above).
bool SessionBusConfigured();

}  // namespace mpop::auth
