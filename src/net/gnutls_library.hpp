#pragma once
// GnutlsLibrary: proof that GnuTLS is initialised. main() creates one and passes it down to
// whatever starts TLS (TlsContext::Create takes it), so library set-up happens once, at a
// known place, and is undone when main() returns. GnuTLS counts its initialisations, so
// several objects (e.g. one per test) are harmless.

#include "util/result.hpp"

namespace mpop::net {

class GnutlsLibrary {
 public:
  // gnutls_global_init() and a check that the run-time library is at least the version we
  // were built against. Errors: kSoftware "cannot initialize TLS library: <reason>".
  static Result<GnutlsLibrary> Init();

  GnutlsLibrary(GnutlsLibrary&& other) noexcept : active_(other.active_) { other.active_ = false; }
  GnutlsLibrary& operator=(GnutlsLibrary&&) = delete;
  GnutlsLibrary(const GnutlsLibrary&) = delete;
  GnutlsLibrary& operator=(const GnutlsLibrary&) = delete;
  ~GnutlsLibrary();  // gnutls_global_deinit()

  // The version of the GnuTLS library in use ("3.7.9"), for --version and debug output.
  static const char* RuntimeVersion();

 private:
  GnutlsLibrary() = default;
  bool active_ = true;
};

}  // namespace mpop::net
