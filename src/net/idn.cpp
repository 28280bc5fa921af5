#include "net/idn.hpp"

#include <idn2.h>

#include <algorithm>
#include <memory>

#include "util/i18n.hpp"
#include "util/shared_library.hpp"

namespace mpop::net {
namespace {

// Every libidn2 function used here; <idn2.h> gives their types. The library is loaded with
// dlopen() (util/shared_library.hpp) only for a host name that is not plain ASCII (issue
// 17): it and libunistring cost every run start-up time, and most names need no conversion.
// Its name is the SONAME found at build time (MPOP_IDN2_SONAME, libidn2.so.0 on Debian).
struct Idn2Api {
  decltype(&::idn2_to_ascii_8z) to_ascii_8z = nullptr;
  decltype(&::idn2_strerror) strerror = nullptr;
  decltype(&::idn2_free) free = nullptr;
};

Status Resolve(const SharedLibrary& library, Idn2Api& api) {
  MPOP_TRY(library.Resolve("idn2_to_ascii_8z", api.to_ascii_8z));
  MPOP_TRY(library.Resolve("idn2_strerror", api.strerror));
  MPOP_TRY(library.Resolve("idn2_free", api.free));
  return {};
}

}  // namespace

Result<std::string> ToAsciiHost(std::string_view host) {
  if (std::all_of(host.begin(), host.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
    return std::string(host);
  }
  const std::string input(host);  // libidn2 wants a NUL-terminated string
  Result<LoadedLibrary<Idn2Api>> loaded = LoadLibrary(MPOP_IDN2_SONAME, Resolve);
  if (!loaded) {
    // The loader's text is English anyway; the catalogs have the outer message.
    return Error::Software(TrFormat("cannot convert host name {} to ASCII: {}", input,
                                    "cannot load the IDN library: " + loaded.error().message));
  }
  const Idn2Api& api = *loaded->api;
  char* raw = nullptr;
  // NFC first, so a name typed in decomposed form maps to the same label.
  int rc = api.to_ascii_8z(input.c_str(), &raw, IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL);
  if (rc == IDN2_DISALLOWED) {
    rc = api.to_ascii_8z(input.c_str(), &raw, IDN2_NFC_INPUT | IDN2_TRANSITIONAL);
  }
  const std::unique_ptr<char, decltype(api.free)> output(raw, api.free);
  if (rc != IDN2_OK) {
    return Error::NoHost(
        TrFormat("cannot convert host name {} to ASCII: {}", input, api.strerror(rc)));
  }
  return std::string(output.get());
}

}  // namespace mpop::net
