#pragma once
// TlsCredentials: internal to net/tls_*.cpp. The GnuTLS objects a TlsContext loads once
// and every TlsTransport it starts shares (sessions point into them, so each transport
// holds a shared_ptr). Not thread-safe: one account's thread uses them.

#include <gnutls/gnutls.h>

#include <optional>
#include <string>

#include "net/tls_fingerprint.hpp"
#include "net/tls_options.hpp"
#include "util/error.hpp"

namespace mpop::net {

struct TlsCredentials {
  TlsCredentials() = default;
  TlsCredentials(const TlsCredentials&) = delete;
  TlsCredentials& operator=(const TlsCredentials&) = delete;
  ~TlsCredentials() {
    if (certificate != nullptr) gnutls_certificate_free_credentials(certificate);
    if (priorities != nullptr) gnutls_priority_deinit(priorities);
  }

  gnutls_certificate_credentials_t certificate = nullptr;
  gnutls_priority_t priorities = nullptr;  // nullptr: the library default
  TlsVerification verification = TlsVerification::kTrust;
  Fingerprint fingerprint;  // with kFingerprint
  std::string host;         // ASCII form of TlsOptions::VerifyHost()
  int min_dh_prime_bits = -1;
  PinCallback pin;
  // Set when the PIN callback failed; the load or handshake error then reports it.
  std::optional<Error> pin_error;
};

}  // namespace mpop::net
