#pragma once
// TlsCredentials: internal to net/tls_*.cpp. The GnuTLS objects a TlsContext loads once
// and every TlsTransport it starts shares (sessions point into them, so each transport
// holds a shared_ptr). A client's are used by one account's thread. A server's
// (TlsServerContext) are only read after loading, so session threads share them: GnuTLS
// allows that for certificate credentials and priority caches.

#include <optional>
#include <string>

#include "net/gnutls_api.hpp"
#include "net/tls_fingerprint.hpp"
#include "net/tls_options.hpp"
#include "util/error.hpp"

namespace mpop::net {

struct TlsCredentials {
  TlsCredentials() = default;
  TlsCredentials(const TlsCredentials&) = delete;
  TlsCredentials& operator=(const TlsCredentials&) = delete;
  ~TlsCredentials() {
    if (certificate != nullptr) api->certificate_free_credentials(certificate);
    if (priorities != nullptr) api->priority_deinit(priorities);
  }

  // The GnutlsLibrary's functions; that object outlives these credentials.
  const GnutlsApi* api = nullptr;
  gnutls_certificate_credentials_t certificate = nullptr;
  gnutls_priority_t priorities = nullptr;  // nullptr: the library default
  // The server end (TlsServerContext): no peer verification, no SNI, GNUTLS_SERVER.
  bool server = false;
  TlsVerification verification = TlsVerification::kTrust;
  Fingerprint fingerprint;  // with kFingerprint
  std::string host;         // ASCII form of TlsOptions::VerifyHost()
  int min_dh_prime_bits = -1;
  PinCallback pin;
  // Set when the PIN callback failed; the load or handshake error then reports it.
  std::optional<Error> pin_error;
};

}  // namespace mpop::net
