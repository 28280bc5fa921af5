#pragma once
// CurlLibrary: libcurl, loaded and initialised. main() (or a test) creates one before it
// starts threads and passes it to CurlHttpClient, so the library is loaded and
// curl_global_init() runs once, at a known place, and curl_global_cleanup() and dlclose()
// happen when the owner goes. libcurl counts these calls and the loader counts dlopen(),
// so several objects (one per test) are harmless.
//
// The library is loaded with dlopen() (util/shared_library.hpp) rather than linked: it
// pulls in some 30 more libraries (OpenSSL's libcrypto, krb5, LDAP, SSH, HTTP/2, ...) that
// cost every run memory and start-up time, and only OAuth2 accounts, --poll and
// --authorize need it. Its name is the SONAME of the libcurl found at build time
// (MPOP_CURL_SONAME, libcurl-gnutls.so.4 on Debian).

#include <memory>

#include "util/result.hpp"
#include "util/shared_library.hpp"

namespace mpop::oauth2 {

struct CurlApi;

class CurlLibrary {
 public:
  // Loads libcurl, looks up its functions, calls curl_global_init() and checks that the
  // library speaks HTTPS through GnuTLS (Debian's libcurl3-gnutls), so provider
  // certificates are checked like POP3 servers'. Errors: kSoftware "cannot initialize
  // HTTP library: <reason>", e.g. the loader's text for a missing library or function.
  static Result<CurlLibrary> Init();

  CurlLibrary(CurlLibrary&& other) noexcept;
  CurlLibrary& operator=(CurlLibrary&&) = delete;
  CurlLibrary(const CurlLibrary&) = delete;
  CurlLibrary& operator=(const CurlLibrary&) = delete;
  ~CurlLibrary();  // curl_global_cleanup(), then dlclose()

  // The library's functions; valid as long as this object (a move keeps them in place).
  const CurlApi& api() const { return *api_; }

  // "7.88.1 (GnuTLS/3.7.9)", for --version and debug output.
  const char* RuntimeVersion() const;

 private:
  CurlLibrary(SharedLibrary library, std::unique_ptr<const CurlApi> api);

  SharedLibrary library_;
  // curl_global_init() has succeeded; null once moved from.
  std::unique_ptr<const CurlApi> api_;
};

}  // namespace mpop::oauth2
