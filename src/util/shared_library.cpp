#include "util/shared_library.hpp"

#include <dlfcn.h>

namespace mpop {
namespace {

// dlerror() once (it forgets its text when read), never null in the message.
std::string LastDlError() {
  const char* text = dlerror();
  return text != nullptr ? text : "unknown dynamic loader error";
}

}  // namespace

void SharedLibrary::Closer::operator()(void* handle) const { dlclose(handle); }

Result<SharedLibrary> SharedLibrary::Open(const char* soname) {
  void* handle = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) return Error::Unavailable(LastDlError());
  return SharedLibrary(handle);
}

Result<void*> SharedLibrary::Symbol(const char* name) const {
  dlerror();  // forget an older error, so the text read below is about this lookup
  void* address = dlsym(handle_.get(), name);
  if (address == nullptr) return Error::Unavailable(LastDlError());
  return address;
}

}  // namespace mpop
