#include "net/tls_verify.hpp"

#include <gnutls/gnutls.h>

#include <vector>

#include "util/i18n.hpp"

namespace mpop::net {

Error CertificateStatusError(unsigned status, const PeerCertificateSummary& peer,
                             std::string_view host) {
  std::vector<std::string> findings;
  auto found = [&](unsigned bit) { return (status & bit) != 0; };
  if (found(GNUTLS_CERT_SIGNER_NOT_FOUND)) {
    if (!peer.known) {
      findings.push_back(Tr("the certificate is not issued by a trusted CA"));
    } else if (peer.self_signed) {
      findings.push_back(Tr("the certificate is self-signed and not trusted"));
    } else {
      findings.push_back(TrFormat("the certificate issuer '{}' is not trusted", peer.issuer_dn));
    }
  }
  if (found(GNUTLS_CERT_SIGNER_NOT_CA)) {
    findings.push_back(Tr("the certificate's issuer is not a CA"));
  }
  if (found(GNUTLS_CERT_SIGNER_CONSTRAINTS_FAILURE)) {
    findings.push_back(Tr("the certificate chain violates the issuer's constraints"));
  }
  if (found(GNUTLS_CERT_UNEXPECTED_OWNER)) {
    findings.push_back(TrFormat("the certificate owner does not match hostname {}", host));
  }
  if (found(GNUTLS_CERT_PURPOSE_MISMATCH)) {
    findings.push_back(Tr("the certificate is not meant for TLS servers"));
  }
  if (found(GNUTLS_CERT_EXPIRED)) findings.push_back(Tr("the certificate has expired"));
  if (found(GNUTLS_CERT_NOT_ACTIVATED))
    findings.push_back(Tr("the certificate is not yet activated"));
  if (found(GNUTLS_CERT_REVOKED)) findings.push_back(Tr("the certificate has been revoked"));
  if (found(GNUTLS_CERT_REVOCATION_DATA_SUPERSEDED)) {
    findings.push_back(Tr("the revocation data (CRL or OCSP) is out of date"));
  }
  if (found(GNUTLS_CERT_REVOCATION_DATA_ISSUED_IN_FUTURE)) {
    findings.push_back(Tr("the revocation data (CRL or OCSP) is issued in the future"));
  }
  if (found(GNUTLS_CERT_MISSING_OCSP_STATUS)) {
    findings.push_back(
        Tr("the certificate requires a stapled OCSP response (must-staple), but the server sent "
           "none"));
  }
  if (found(GNUTLS_CERT_INVALID_OCSP_STATUS)) {
    findings.push_back(Tr("the server's stapled OCSP response is invalid"));
  }
  if (found(GNUTLS_CERT_INSECURE_ALGORITHM)) {
    findings.push_back(Tr("the certificate is signed with an insecure algorithm"));
  }
  if (found(GNUTLS_CERT_SIGNATURE_FAILURE)) {
    findings.push_back(Tr("the certificate's signature is invalid"));
  }
  if (findings.empty()) findings.push_back(Tr("the certificate is invalid"));
  std::string message = "TLS certificate verification failed: ";
  for (std::size_t i = 0; i < findings.size(); ++i) {
    if (i > 0) message += "; ";
    message += findings[i];
  }
  return Error::Unavailable(std::move(message));
}

}  // namespace mpop::net
