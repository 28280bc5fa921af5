// The keyring's "no Secret Service here" paths; lookups in a real Secret Service are in
// tests/integration/auth_test.cpp (gnome-keyring in a private D-Bus session).
#include "auth/secret_service_keyring.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <optional>
#include <string>

#include "auth/libsecret_api.hpp"
#include "support/temp_dir.hpp"
#include "util/unique_fd.hpp"

namespace mpop::auth {
namespace {

// Sets environment variables for one test and restores them afterwards.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    const char* old = getenv(name);
    if (old != nullptr) old_ = old;
    if (value != nullptr) {
      setenv(name, value, 1);
    } else {
      unsetenv(name);
    }
  }
  ~ScopedEnv() {
    if (old_) {
      setenv(name_.c_str(), old_->c_str(), 1);
    } else {
      unsetenv(name_.c_str());
    }
  }

 private:
  std::string name_;
  std::optional<std::string> old_;
};

TEST(SecretServiceKeyringTest, NoSessionBusMeansNoLookup) {
  mpop::testing::ScopedTempDir dir;
  ScopedEnv bus("DBUS_SESSION_BUS_ADDRESS", nullptr);
  ScopedEnv runtime("XDG_RUNTIME_DIR", dir.path().c_str());
  EXPECT_FALSE(SessionBusConfigured());
  const auto start = std::chrono::steady_clock::now();
  SecretServiceKeyring keyring;
  Result<std::optional<SecretString>> found = keyring.Lookup("pop.example.org", "alice");
  ASSERT_TRUE(found);
  EXPECT_FALSE(*found);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(100));
}

TEST(SecretServiceKeyringTest, SessionBusFromTheEnvironmentOrTheRuntimeDir) {
  mpop::testing::ScopedTempDir dir;
  {
    ScopedEnv bus("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent");
    ScopedEnv runtime("XDG_RUNTIME_DIR", nullptr);
    EXPECT_TRUE(SessionBusConfigured());
  }
  ScopedEnv bus("DBUS_SESSION_BUS_ADDRESS", "");
  ScopedEnv runtime("XDG_RUNTIME_DIR", dir.path().c_str());
  mpop::testing::WriteFile(dir.File("bus"), "not a socket");
  EXPECT_FALSE(SessionBusConfigured());
  ::unlink(dir.File("bus").c_str());
  UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  const std::string path = dir.File("bus");
  ASSERT_LT(path.size(), sizeof address.sun_path);
  path.copy(address.sun_path, path.size());
  ASSERT_EQ(::bind(fd.get(), reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  EXPECT_TRUE(SessionBusConfigured());
}

// A bus address nobody listens on: the lookup finds nothing and says nothing.
TEST(SecretServiceKeyringTest, UnreachableBusIsNoError) {
  mpop::testing::ScopedTempDir dir;
  const std::string address = "unix:path=" + dir.File("nobody-listens");
  ScopedEnv bus("DBUS_SESSION_BUS_ADDRESS", address.c_str());
  const auto start = std::chrono::steady_clock::now();
  SecretServiceKeyring keyring;
  Result<std::optional<SecretString>> found = keyring.Lookup("pop.example.org", "alice");
  ASSERT_TRUE(found) << found.error().message;
  EXPECT_FALSE(*found);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
}

// A system without libsecret: the keyring is silently absent, as without a bus.
TEST(SecretServiceKeyringTest, MissingLibsecretIsNoError) {
  mpop::testing::ScopedTempDir dir;
  const std::string address = "unix:path=" + dir.File("nobody-listens");
  ScopedEnv bus("DBUS_SESSION_BUS_ADDRESS", address.c_str());
  SecretServiceKeyring keyring(std::chrono::seconds(5), "libsecret-does-not-exist.so.0");
  Result<std::optional<SecretString>> found = keyring.Lookup("pop.example.org", "alice");
  ASSERT_TRUE(found) << found.error().message;
  EXPECT_FALSE(*found);
}

TEST(LibSecretApiTest, LoadsEveryFunctionOrSaysWhy) {
  Result<LibSecretApi> api = LibSecretApi::Load(kLibSecretSoname);
  ASSERT_TRUE(api) << api.error().message;
  EXPECT_NE(api->password_lookup_sync, nullptr);
  EXPECT_NE(api->error_free, nullptr);
  GCancellable* cancellable = api->cancellable_new();
  EXPECT_FALSE(api->cancellable_is_cancelled(cancellable));
  api->cancellable_cancel(cancellable);
  EXPECT_TRUE(api->cancellable_is_cancelled(cancellable));
  api->object_unref(cancellable);

  Result<LibSecretApi> missing = LibSecretApi::Load("libsecret-does-not-exist.so.0");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ExitCode::kUnavailable);
  EXPECT_TRUE(missing.error().message.starts_with(
      "cannot load libsecret-does-not-exist.so.0: libsecret-does-not-exist.so.0: cannot open"))
      << missing.error().message;
}

}  // namespace
}  // namespace mpop::auth
