#pragma once
// Wording of certificate verification failures (doc/COMPAT.md 5): GnuTLS reports a bit set
// (gnutls_certificate_status_t); users need to read which check failed and for what name.

#include <string>
#include <string_view>

#include "util/result.hpp"

namespace mpop::net {

// What is known about the rejected leaf certificate, to tell "self-signed" from "issued
// by a CA you do not trust".
struct PeerCertificateSummary {
  bool known = false;        // false: no certificate could be read
  bool self_signed = false;  // issuer DN equals subject DN
  std::string issuer_dn;
};

// The kUnavailable error for a non-zero GnuTLS verification status, e.g.
//   "TLS certificate verification failed: the certificate owner does not match hostname
//    other.example"
//   "TLS certificate verification failed: the certificate is self-signed and not trusted"
//   "TLS certificate verification failed: the certificate issuer 'CN=x' is not trusted;
//    the certificate has expired"
// Several findings are joined with "; " in a fixed order (trust, name, time, revocation,
// OCSP, others).
Error CertificateStatusError(unsigned status, const PeerCertificateSummary& peer,
                             std::string_view host);

}  // namespace mpop::net
