#include "auth/secret_service_keyring.hpp"

#include <fmt/format.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "auth/libsecret_api.hpp"
#include "util/i18n.hpp"

namespace mpop::auth {
namespace {

// Upstream's schema. SECRET_SCHEMA_DONT_MATCH_NAME: the lookup matches the attributes only,
// so items stored by secret-tool (schema org.freedesktop.Secret.Generic) match as well.
SecretSchema MakeMpopSchema() {
  SecretSchema schema{};  // the reserved fields stay zero
  schema.name = "de.marlam.mpop.password";
  schema.flags = SECRET_SCHEMA_DONT_MATCH_NAME;
  schema.attributes[0] = {"host", SECRET_SCHEMA_ATTRIBUTE_STRING};
  schema.attributes[1] = {"service", SECRET_SCHEMA_ATTRIBUTE_STRING};
  schema.attributes[2] = {"user", SECRET_SCHEMA_ATTRIBUTE_STRING};
  return schema;
}

const SecretSchema kMpopSchema = MakeMpopSchema();

// mpop's own items. Not DONT_MATCH_NAME: only items stored under this schema are read.
SecretSchema MakeOwnSchema() {
  SecretSchema schema{};
  schema.name = "mpop.OwnSecret";
  schema.flags = SECRET_SCHEMA_NONE;
  schema.attributes[0] = {"service", SECRET_SCHEMA_ATTRIBUTE_STRING};
  schema.attributes[1] = {"key", SECRET_SCHEMA_ATTRIBUTE_STRING};
  return schema;
}

const SecretSchema kOwnSchema = MakeOwnSchema();

// Cancels `cancellable` when the lookup takes longer than `timeout`; joins on destruction.
class Watchdog {
 public:
  Watchdog(const LibSecretApi& api, GCancellable* cancellable, std::chrono::milliseconds timeout)
      : thread_([this, &api, cancellable, timeout] {
          std::unique_lock<std::mutex> lock(mutex_);
          if (!done_changed_.wait_for(lock, timeout, [this] { return done_; })) {
            api.cancellable_cancel(cancellable);
          }
        }) {}
  ~Watchdog() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      done_ = true;
    }
    done_changed_.notify_one();
    thread_.join();
  }

 private:
  std::mutex mutex_;
  std::condition_variable done_changed_;
  bool done_ = false;
  std::thread thread_;
};

// A secret from libsecret, wiped and freed by secret_password_free.
std::optional<SecretString> TakePassword(const LibSecretApi& api, gchar* password) {
  if (password == nullptr) return std::nullopt;
  SecretString secret{std::string_view(password)};
  api.password_free(password);
  return secret;
}

// D-Bus and connection failures mean "no Secret Service here"; the Secret Service's own
// errors and our time-out are failures of a keyring that exists.
bool MeansNoService(const LibSecretApi& api, const GError* error, bool timed_out) {
  if (timed_out) return false;
  return error->domain != api.error_quark();
}

// The error of a failed call about `subject` ("alice at pop.example") while trying to
// `action` it ("look up the password for"), or nullopt when it means that there is no
// Secret Service.
std::optional<Error> KeyringError(const LibSecretApi& api, const GError* error,
                                  GCancellable* cancellable, std::chrono::milliseconds timeout,
                                  std::string_view action, std::string_view subject) {
  const bool timed_out = api.cancellable_is_cancelled(cancellable);
  if (MeansNoService(api, error, timed_out)) return std::nullopt;
  if (timed_out) {
    return Error::TempFail(
        TrFormat("keyring: no answer from the Secret Service within {} ms for {} (is the keyring "
                 "locked?)",
                 timeout.count(), subject));
  }
  return Error::TempFail(TrFormat("keyring: cannot {} {}: {}", action, subject, error->message));
}

}  // namespace

Result<std::optional<SecretString>> LookupOwnSecret(std::string_view service_view,
                                                    std::string_view key_view,
                                                    const OwnSecretOptions& options) {
  if (!SessionBusConfigured()) return std::optional<SecretString>();
  auto loaded = LibSecretApi::Load(options.soname);
  if (!loaded) return std::optional<SecretString>();
  const LibSecretApi& api = *loaded;
  const std::string service(service_view);
  const std::string key(key_view);
  std::unique_ptr<GCancellable, decltype(api.object_unref)> cancellable(api.cancellable_new(),
                                                                        api.object_unref);
  GError* raw_error = nullptr;
  gchar* found = nullptr;
  {
    Watchdog watchdog(api, cancellable.get(), options.timeout);
    found = api.password_lookup_sync(&kOwnSchema, cancellable.get(), &raw_error, "service",
                                     service.c_str(), "key", key.c_str(), nullptr);
  }
  std::unique_ptr<GError, decltype(api.error_free)> error(raw_error, api.error_free);
  if (!error) return TakePassword(api, found);
  std::optional<Error> failed = KeyringError(api, error.get(), cancellable.get(), options.timeout,
                                             "look up", "the " + service + " secret of " + key);
  if (!failed) return std::optional<SecretString>();
  return std::move(*failed);
}

Result<bool> StoreOwnSecret(std::string_view label_view, std::string_view service_view,
                            std::string_view key_view, std::string_view secret_view,
                            const OwnSecretOptions& options) {
  if (!SessionBusConfigured()) return false;
  auto loaded = LibSecretApi::Load(options.soname);
  if (!loaded) return false;
  const LibSecretApi& api = *loaded;
  const std::string label(label_view);
  const std::string service(service_view);
  const std::string key(key_view);
  std::string terminated(secret_view);  // libsecret wants a C string; wiped below
  std::unique_ptr<GCancellable, decltype(api.object_unref)> cancellable(api.cancellable_new(),
                                                                        api.object_unref);
  GError* raw_error = nullptr;
  gboolean stored = FALSE;
  {
    Watchdog watchdog(api, cancellable.get(), options.timeout);
    // nullptr collection: the default one (the login keyring).
    stored = api.password_store_sync(&kOwnSchema, nullptr, label.c_str(), terminated.c_str(),
                                     cancellable.get(), &raw_error, "service", service.c_str(),
                                     "key", key.c_str(), nullptr);
  }
  SecretString::Wipe(terminated);
  std::unique_ptr<GError, decltype(api.error_free)> error(raw_error, api.error_free);
  if (!error && stored) return true;
  if (!error)
    return Error::TempFail(TrFormat("keyring: cannot store the {} secret of {}", service, key));
  std::optional<Error> failed = KeyringError(api, error.get(), cancellable.get(), options.timeout,
                                             "store", "the " + service + " secret of " + key);
  if (!failed) return false;
  return std::move(*failed);
}

bool SessionBusConfigured() {
  const char* address = getenv("DBUS_SESSION_BUS_ADDRESS");
  if (address != nullptr && *address != '\0') return true;
  const char* runtime_dir = getenv("XDG_RUNTIME_DIR");
  if (runtime_dir == nullptr || *runtime_dir == '\0') return false;
  struct stat info;
  const std::string bus = std::string(runtime_dir) + "/bus";
  return ::stat(bus.c_str(), &info) == 0 && S_ISSOCK(info.st_mode);
}

Result<std::optional<SecretString>> SecretServiceKeyring::Lookup(std::string_view host_view,
                                                                 std::string_view user_view) {
  if (!SessionBusConfigured()) return std::optional<SecretString>();
  // Without libsecret installed there is no keyring to ask, as without a bus.
  auto loaded = LibSecretApi::Load(soname_);
  if (!loaded) return std::optional<SecretString>();
  const LibSecretApi& api = *loaded;
  const std::string host(host_view);
  const std::string user(user_view);
  std::unique_ptr<GCancellable, decltype(api.object_unref)> cancellable(api.cancellable_new(),
                                                                        api.object_unref);
  GError* raw_error = nullptr;
  gchar* found = nullptr;
  {
    Watchdog watchdog(api, cancellable.get(), timeout_);
    found =
        api.password_lookup_sync(&kMpopSchema, cancellable.get(), &raw_error, "host", host.c_str(),
                                 "service", "pop3", "user", user.c_str(), nullptr);
    if (found == nullptr && raw_error == nullptr) {
      found = api.password_lookup_sync(api.get_schema(SECRET_SCHEMA_TYPE_COMPAT_NETWORK),
                                       cancellable.get(), &raw_error, "user", user.c_str(),
                                       "protocol", "pop3", "server", host.c_str(), nullptr);
    }
  }
  std::unique_ptr<GError, decltype(api.error_free)> error(raw_error, api.error_free);
  if (!error) return TakePassword(api, found);
  std::optional<Error> failed = KeyringError(api, error.get(), cancellable.get(), timeout_,
                                             "look up the password for", user + " at " + host);
  if (!failed) return std::optional<SecretString>();
  return std::move(*failed);
}

}  // namespace mpop::auth
