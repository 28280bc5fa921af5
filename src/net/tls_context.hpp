#pragma once
// TlsContext: the TLS set-up of one account, loaded before connecting so that a bad file or
// priority string fails early: trust (system CAs, a PEM file or none), CRL, pinned
// fingerprint, client certificate (PEM files or PKCS#11 URIs), priorities.
// Start() then runs the handshake on a connection (COMPAT.md 5 and 1.1 steps 3 and 6).
//
// Verification precedence (COMPAT.md 5): certcheck off -> none at all; else a fingerprint
// is the only check; else CA trust + host name (+ CRL, + stapled OCSP / must-staple as
// GnuTLS checks them), all inside the handshake, so nothing (not even a client certificate
// under TLS 1.3) goes to a server that fails them.
//
// Error codes (COMPAT.md 7.10): unreadable trust/CRL/key/cert file kNoInput; bad priority
// string kConfig; library failures kSoftware; handshake failures kProtocol; a rejected
// certificate kUnavailable; network trouble during the handshake kIoErr.

#include <memory>

#include "net/fd_transport.hpp"
#include "net/gnutls_library.hpp"
#include "net/tls_options.hpp"
#include "net/tls_transport.hpp"
#include "util/result.hpp"

namespace mpop::net {

struct TlsCredentials;

class TlsContext {
 public:
  // Loads everything options name. Errors:
  //   kNoInput  "cannot read TLS trust file F: No such file or directory"
  //             "TLS trust file F contains no certificates" (likewise "TLS CRL file F")
  //             "cannot load the system's trusted CAs: ..."
  //             "cannot load TLS client certificate C with key K: <reason>"
  //   kConfig   "invalid TLS priority string 'S': error at position N ('BAD-PART')"
  //             "invalid fingerprint '...': ..." (from ParseFingerprint)
  //             "tls_key_file and tls_cert_file must be set together"
  //   kNoHost   the host name is not a valid IDN; kSoftware for library failures.
  // A PIN callback error is returned as it is.
  static Result<TlsContext> Create(const GnutlsLibrary& library, const TlsOptions& options);

  // TLS handshake on transport (see TlsTransport for ownership). Errors:
  //   kUnavailable "TLS certificate verification failed: ..." (tls_verify.hpp,
  //                tls_fingerprint.hpp)
  //   kProtocol    "TLS handshake failed: <GnuTLS text>"
  //                "TLS handshake failed: the server sent a fatal alert: <alert name>"
  //                "TLS handshake failed: the server closed the connection"
  //                "TLS handshake failed: the server sent POP3 text ('+OK ...') instead of
  //                 TLS: the server expects STARTTLS (port 110?): set tls_starttls on"
  //   kIoErr       "TLS handshake failed: network read error: the operation timed out"
  Result<std::unique_ptr<TlsTransport>> Start(FdTransport& transport) const;

  TlsVerification verification() const;

 private:
  explicit TlsContext(std::shared_ptr<TlsCredentials> credentials)
      : credentials_(std::move(credentials)) {}
  std::shared_ptr<TlsCredentials> credentials_;
};

// TlsContext::Create(library, options) then Start(transport).
Result<std::unique_ptr<TlsTransport>> StartTls(const GnutlsLibrary& library,
                                               FdTransport& transport,
                                               const TlsOptions& options);

}  // namespace mpop::net
