#include "auth/secret_service_keyring.hpp"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include <fmt/format.h>
#include <libsecret/secret.h>

#include "util/c_handle.hpp"

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

using GErrorHandle = CHandle<GError, g_error_free>;
using GCancellableHandle = CHandle<GCancellable, g_object_unref>;

// Cancels `cancellable` when the lookup takes longer than `timeout`; joins on destruction.
class Watchdog {
 public:
  Watchdog(GCancellable* cancellable, std::chrono::milliseconds timeout)
      : thread_([this, cancellable, timeout] {
          std::unique_lock<std::mutex> lock(mutex_);
          if (!done_changed_.wait_for(lock, timeout, [this] { return done_; })) {
            g_cancellable_cancel(cancellable);
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
std::optional<SecretString> TakePassword(gchar* password) {
  if (password == nullptr) return std::nullopt;
  SecretString secret{std::string_view(password)};
  secret_password_free(password);
  return secret;
}

// D-Bus and connection failures mean "no Secret Service here"; the Secret Service's own
// errors and our time-out are failures of a keyring that exists.
bool MeansNoService(const GError* error, bool timed_out) {
  if (timed_out) return false;
  return error->domain != SECRET_ERROR;
}

}  // namespace

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
  const std::string host(host_view);
  const std::string user(user_view);
  GCancellableHandle cancellable(g_cancellable_new());
  GError* raw_error = nullptr;
  gchar* found = nullptr;
  {
    Watchdog watchdog(cancellable.get(), timeout_);
    found =
        secret_password_lookup_sync(&kMpopSchema, cancellable.get(), &raw_error, "host",
                                    host.c_str(), "service", "pop3", "user", user.c_str(), nullptr);
    if (found == nullptr && raw_error == nullptr) {
      found = secret_password_lookup_sync(SECRET_SCHEMA_COMPAT_NETWORK, cancellable.get(),
                                          &raw_error, "user", user.c_str(), "protocol", "pop3",
                                          "server", host.c_str(), nullptr);
    }
  }
  GErrorHandle error(raw_error);
  if (!error) return TakePassword(found);
  const bool timed_out = g_cancellable_is_cancelled(cancellable.get());
  if (MeansNoService(error.get(), timed_out)) return std::optional<SecretString>();
  if (timed_out) {
    return Error::TempFail(fmt::format(
        "keyring: no answer from the Secret Service within {} ms for {} at {} (is the keyring "
        "locked?)",
        timeout_.count(), user, host));
  }
  return Error::TempFail(fmt::format("keyring: cannot look up the password for {} at {}: {}", user,
                                     host, error->message));
}

}  // namespace mpop::auth
