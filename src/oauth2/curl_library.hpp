#pragma once
// CurlLibrary: proof that libcurl is initialised. main() (or a test) creates one before it
// starts threads and passes it to CurlHttpClient, so curl_global_init() runs once, at a
// known place, and curl_global_cleanup() when the owner goes. libcurl counts these calls,
// so several objects (one per test) are harmless.

#include "util/result.hpp"

namespace mpop::oauth2 {

class CurlLibrary {
 public:
  // curl_global_init() and a check that the library speaks HTTPS through GnuTLS (Debian's
  // libcurl3-gnutls), so provider certificates are checked like POP3 servers'.
  // Errors: kSoftware "cannot initialize HTTP library: <reason>".
  static Result<CurlLibrary> Init();

  CurlLibrary(CurlLibrary&& other) noexcept : active_(other.active_) { other.active_ = false; }
  CurlLibrary& operator=(CurlLibrary&&) = delete;
  CurlLibrary(const CurlLibrary&) = delete;
  CurlLibrary& operator=(const CurlLibrary&) = delete;
  ~CurlLibrary();  // curl_global_cleanup()

  // "7.88.1 (GnuTLS/3.7.9)", for --version and debug output.
  static const char* RuntimeVersion();

 private:
  CurlLibrary() = default;
  bool active_ = true;
};

}  // namespace mpop::oauth2
