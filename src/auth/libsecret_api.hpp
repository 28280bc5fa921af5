#pragma once
// LibSecretApi: the few libsecret and GLib functions the keyring calls, loaded with dlopen()
// when a lookup is about to happen instead of linked into the binaries.
//
// Why: linking libsecret maps and relocates GLib, GObject, GIO and what they need
// (libmount, libblkid, libselinux, PCRE2, zlib, libffi) at every start, about 2 MiB of
// memory in every run, although most runs never ask the keyring (the password is in the
// configuration, in passwordeval or in ~/.netrc). The library is never unloaded
// (RTLD_NODELETE): GLib's type system cannot be unloaded safely.

#include <libsecret/secret.h>

#include <memory>

#include "util/result.hpp"

namespace mpop::auth {

class LibSecretApi {
 public:
  // Loads `soname` (kLibSecretSoname of auth/secret_service_keyring.hpp). Error kUnavailable
  // "cannot load SONAME: <dlerror text>" when it is not installed or lacks a function.
  static Result<LibSecretApi> Load(const char* soname);

  decltype(&secret_password_lookup_sync) password_lookup_sync = nullptr;
  decltype(&secret_password_store_sync) password_store_sync = nullptr;
  decltype(&secret_password_free) password_free = nullptr;
  decltype(&secret_error_get_quark) error_quark = nullptr;  // SECRET_ERROR
  decltype(&secret_get_schema) get_schema = nullptr;        // SECRET_SCHEMA_COMPAT_NETWORK
  decltype(&g_cancellable_new) cancellable_new = nullptr;
  decltype(&g_cancellable_cancel) cancellable_cancel = nullptr;
  decltype(&g_cancellable_is_cancelled) cancellable_is_cancelled = nullptr;
  decltype(&g_object_unref) object_unref = nullptr;
  decltype(&g_error_free) error_free = nullptr;

 private:
  struct Closer {
    void operator()(void* handle) const;
  };
  std::unique_ptr<void, Closer> handle_;
};

}  // namespace mpop::auth
