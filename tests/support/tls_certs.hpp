#pragma once
// Test certificates made in-process with GnuTLS (EC P-256, milliseconds each), so TLS tests
// need no openssl run and can pick any validity period: a CA, server certificates that are
// valid, expired, not yet valid, for the wrong name, self-signed or revoked (with a CRL), a
// client certificate, and an unrelated CA.
//
//   TestCertificates certs;               // writes PEM files into its own temp dir
//   options.trust_file = certs.Path("ca.crt");

#include <ctime>
#include <string>
#include <vector>

#include "support/temp_dir.hpp"

namespace mpop::testing {

struct CertSpec {
  // RFC 4514 string, most specific part first: "CN=localhost,O=mpop test,C=DE" is stored
  // (and printed by --serverinfo) as C=DE,O=mpop test,CN=localhost.
  std::string subject = "CN=localhost";
  std::vector<std::string> dns_names{};
  std::vector<std::string> ip_addresses{};  // dotted IPv4
  std::time_t not_before = 0;               // 0: an hour ago
  std::time_t not_after = 0;                // 0: in two days
  bool ca = false;
  bool client = false;       // extended key usage clientAuth instead of serverAuth
  bool must_staple = false;  // TLS feature extension status_request (RFC 7633)
  unsigned serial = 1;
};

struct KeyAndCert {
  std::string key_pem;
  std::string cert_pem;
};

// A self-signed certificate (a CA when spec.ca). Aborts the test program on GnuTLS errors.
KeyAndCert MakeSelfSigned(const CertSpec& spec);
// A certificate for spec signed by issuer.
KeyAndCert MakeIssued(const CertSpec& spec, const KeyAndCert& issuer);
// A CRL by issuer revoking the given certificates, valid from an hour ago for two days.
std::string MakeCrl(const KeyAndCert& issuer, const std::vector<const KeyAndCert*>& revoked);

// One set of files in a temp dir:
//   ca.crt ca.key                    "CN=mpop test CA"
//   server.crt server.key            CN=localhost, DNS:localhost, IP:127.0.0.1
//   dn.crt dn.key                    C=DE,O=mpop test,OU=POP,CN=localhost, same names
//   expired.crt expired.key          expired yesterday
//   future.crt future.key            valid from tomorrow
//   wrong_name.crt wrong_name.key    CN=other.example, DNS:other.example only
//   must_staple.crt must_staple.key  localhost, requires a stapled OCSP response
//   revoked.crt revoked.key          revoked in crl.pem
//   crl.pem                          the CA's CRL
//   self_signed.crt self_signed.key  localhost, not issued by the CA
//   client.crt client.key            CN=alice, clientAuth
//   other_ca.crt                     an unrelated CA
class TestCertificates {
 public:
  TestCertificates();
  std::string Path(const std::string& name) const { return dir_.File(name); }
  std::string Read(const std::string& name) const { return ReadFile(Path(name)); }

 private:
  ScopedTempDir dir_;
};

}  // namespace mpop::testing
