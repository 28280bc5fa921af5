#include "auth/libsecret_api.hpp"

#include <dlfcn.h>
#include <fmt/format.h>

#include "util/i18n.hpp"

namespace mpop::auth {
namespace {

// Looks `name` up in the library and its dependencies (GLib's functions are found through
// libsecret's handle) and stores it in `function`; false when it is missing.
template <class Function>
bool Resolve(void* handle, const char* name, Function& function) {
  function = reinterpret_cast<Function>(dlsym(handle, name));
  return function != nullptr;
}

}  // namespace

void LibSecretApi::Closer::operator()(void* handle) const { dlclose(handle); }

Result<LibSecretApi> LibSecretApi::Load(const char* soname) {
  LibSecretApi api;
  api.handle_.reset(dlopen(soname, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE));
  if (!api.handle_) return Error::Unavailable(TrFormat("cannot load {}: {}", soname, dlerror()));
  void* handle = api.handle_.get();
  const bool complete =
      Resolve(handle, "secret_password_lookup_sync", api.password_lookup_sync) &&
      Resolve(handle, "secret_password_store_sync", api.password_store_sync) &&
      Resolve(handle, "secret_password_free", api.password_free) &&
      Resolve(handle, "secret_error_get_quark", api.error_quark) &&
      Resolve(handle, "secret_get_schema", api.get_schema) &&
      Resolve(handle, "g_cancellable_new", api.cancellable_new) &&
      Resolve(handle, "g_cancellable_cancel", api.cancellable_cancel) &&
      Resolve(handle, "g_cancellable_is_cancelled", api.cancellable_is_cancelled) &&
      Resolve(handle, "g_object_unref", api.object_unref) &&
      Resolve(handle, "g_error_free", api.error_free);
  if (!complete) return Error::Unavailable(TrFormat("cannot load {}: {}", soname, dlerror()));
  return api;
}

}  // namespace mpop::auth
