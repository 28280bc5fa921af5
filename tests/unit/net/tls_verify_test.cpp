#include "net/tls_verify.hpp"

#include <gnutls/gnutls.h>
#include <gtest/gtest.h>

namespace mpop::net {
namespace {

constexpr char kPrefix[] = "TLS certificate verification failed: ";

TEST(CertificateStatusErrorTest, EachFindingIsWorded) {
  PeerCertificateSummary issued{.known = true, .self_signed = false, .issuer_dn = "CN=Some CA"};
  PeerCertificateSummary self{.known = true, .self_signed = true, .issuer_dn = "CN=localhost"};
  struct Case {
    unsigned status;
    PeerCertificateSummary peer;
    std::string finding;
  } cases[] = {
      {GNUTLS_CERT_INVALID | GNUTLS_CERT_SIGNER_NOT_FOUND, self,
       "the certificate is self-signed and not trusted"},
      {GNUTLS_CERT_INVALID | GNUTLS_CERT_SIGNER_NOT_FOUND, issued,
       "the certificate issuer 'CN=Some CA' is not trusted"},
      {GNUTLS_CERT_INVALID | GNUTLS_CERT_SIGNER_NOT_FOUND,
       {},
       "the certificate is not issued by a trusted CA"},
      {GNUTLS_CERT_INVALID | GNUTLS_CERT_UNEXPECTED_OWNER, issued,
       "the certificate owner does not match hostname pop.example.org"},
      {GNUTLS_CERT_INVALID | GNUTLS_CERT_EXPIRED, issued, "the certificate has expired"},
      {GNUTLS_CERT_INVALID | GNUTLS_CERT_NOT_ACTIVATED, issued,
       "the certificate is not yet activated"},
      {GNUTLS_CERT_INVALID | GNUTLS_CERT_REVOKED, issued, "the certificate has been revoked"},
      {GNUTLS_CERT_INVALID | GNUTLS_CERT_MISSING_OCSP_STATUS, issued,
       "the certificate requires a stapled OCSP response (must-staple), but the server sent "
       "none"},
      {GNUTLS_CERT_INVALID | GNUTLS_CERT_INVALID_OCSP_STATUS, issued,
       "the server's stapled OCSP response is invalid"},
      {GNUTLS_CERT_INVALID | GNUTLS_CERT_INSECURE_ALGORITHM, issued,
       "the certificate is signed with an insecure algorithm"},
      {GNUTLS_CERT_INVALID, issued, "the certificate is invalid"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(CertificateStatusError(c.status, c.peer, "pop.example.org"),
              Error::Unavailable(kPrefix + c.finding));
  }
}

TEST(CertificateStatusErrorTest, SeveralFindingsAreJoinedInFixedOrder) {
  PeerCertificateSummary self{.known = true, .self_signed = true, .issuer_dn = "CN=x"};
  unsigned status = GNUTLS_CERT_INVALID | GNUTLS_CERT_EXPIRED | GNUTLS_CERT_UNEXPECTED_OWNER |
                    GNUTLS_CERT_SIGNER_NOT_FOUND;
  EXPECT_EQ(CertificateStatusError(status, self, "127.0.0.1"),
            Error::Unavailable(std::string(kPrefix) +
                               "the certificate is self-signed and not trusted; the certificate "
                               "owner does not match hostname 127.0.0.1; the certificate has "
                               "expired"));
}

}  // namespace
}  // namespace mpop::net
