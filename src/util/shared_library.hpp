#pragma once
// SharedLibrary: a C library opened with dlopen() when a run first needs it, instead of a
// DT_NEEDED entry that maps it, and everything it needs, into every run (issue 17: a cron
// run that only fetches mail paid for libcurl and libsystemd). Its functions are looked up
// by name into pointers typed from the library's own header (decltype(&::function)), so
// calls through them are checked as direct calls would be. The library is closed with
// dlclose() when the object goes: nothing taken from it may outlive the object.

#include <memory>

#include "util/result.hpp"

namespace mpop {

class SharedLibrary {
 public:
  // dlopen(soname, RTLD_NOW | RTLD_LOCAL). Error kUnavailable whose message is dlerror()'s
  // text, which names the file and the reason ("libx.so.1: cannot open shared object
  // file: No such file or directory"), for the caller to put into its own words.
  static Result<SharedLibrary> Open(const char* soname);

  // Sets `function` to the library's function `name`. Error as Open's ("FILE: undefined
  // symbol: NAME"); `function` is then unchanged.
  template <class Function>
  Status Resolve(const char* name, Function& function) const {
    Result<void*> address = Symbol(name);
    if (!address) return std::move(address).error();
    function = reinterpret_cast<Function>(*address);
    return {};
  }

 private:
  struct Closer {
    void operator()(void* handle) const;
  };
  explicit SharedLibrary(void* handle) : handle_(handle) {}
  Result<void*> Symbol(const char* name) const;

  std::unique_ptr<void, Closer> handle_;
};

// A library and its table of functions, as every loader starts with them.
template <class Api>
struct LoadedLibrary {
  SharedLibrary library;
  std::unique_ptr<Api> api;  // on the heap: the owner may move, pointers to it may not
};

// Opens `soname` and fills a new table with `resolve` (one SharedLibrary::Resolve per
// function). Errors are Open's and Resolve's (the loader's text), for the caller to put
// into its own words.
template <class Api>
Result<LoadedLibrary<Api>> LoadLibrary(const char* soname,
                                       Status (*resolve)(const SharedLibrary&, Api&)) {
  Result<SharedLibrary> library = SharedLibrary::Open(soname);
  if (!library) return std::move(library).error();
  auto api = std::make_unique<Api>();
  MPOP_TRY(resolve(*library, *api));
  return LoadedLibrary<Api>{std::move(*library), std::move(api)};
}

}  // namespace mpop
