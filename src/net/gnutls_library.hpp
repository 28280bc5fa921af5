#pragma once
// GnutlsLibrary: GnuTLS, loaded and initialised. Whatever starts TLS creates one (the
// client's TlsStage for an account with `tls on`, mpopd when it serves TLS) and passes it
// to TlsContext::Create or TlsServerContext::Create, so library set-up happens once, at a
// known place, and is undone when the owner goes. GnuTLS counts its initialisations and the
// loader counts dlopen(), so several objects (e.g. one per test) are harmless. It must
// outlive every context and transport made with it.
//
// The library is loaded with dlopen() (util/shared_library.hpp) rather than linked (issue
// 17): loading and relocating GnuTLS and what it needs (nettle, hogweed, gmp, p11-kit,
// tasn1, unistring, idn2, ffi) and running its constructor cost every run some 5 ms, and a
// session without TLS never uses it. Its name is the SONAME of the GnuTLS found at build
// time (MPOP_GNUTLS_SONAME, libgnutls.so.30 on Debian).

#include <memory>

#include "util/result.hpp"
#include "util/shared_library.hpp"

namespace mpop::net {

struct GnutlsApi;

class GnutlsLibrary {
 public:
  // Loads GnuTLS, looks up its functions, checks that the run-time library is at least the
  // version we were built against and calls gnutls_global_init(). Errors: kSoftware
  // "cannot initialize TLS library: <reason>", e.g. the loader's text for a missing
  // library or function.
  static Result<GnutlsLibrary> Init();

  GnutlsLibrary(GnutlsLibrary&& other) noexcept;
  GnutlsLibrary& operator=(GnutlsLibrary&&) = delete;
  GnutlsLibrary(const GnutlsLibrary&) = delete;
  GnutlsLibrary& operator=(const GnutlsLibrary&) = delete;
  ~GnutlsLibrary();  // gnutls_global_deinit(), then dlclose()

  // The library's functions (net/gnutls_api.hpp); valid as long as this object (a move
  // keeps them in place).
  const GnutlsApi& api() const { return *api_; }

  // The version of the GnuTLS library in use ("3.7.9"), for --version and debug output.
  const char* RuntimeVersion() const;

 private:
  GnutlsLibrary(SharedLibrary library, std::unique_ptr<const GnutlsApi> api);

  SharedLibrary library_;
  // gnutls_global_init() has succeeded; null once moved from.
  std::unique_ptr<const GnutlsApi> api_;
};

}  // namespace mpop::net
