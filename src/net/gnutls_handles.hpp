#pragma once
// Owning handles for GnuTLS objects that net/'s sources create and drop in one function
// (STYLE.md section 6). The session and the credentials have their own owners
// (net/tls_transport.hpp, net/tls_context.hpp). GnuTLS is loaded at run time
// (net/gnutls_library.hpp), so each handle carries the table its release function is in.
// Include only from .cpp files: it brings GnuTLS's headers along.

#include <memory>

#include "net/gnutls_api.hpp"

namespace mpop::net {

struct X509CertificateDeinit {
  const GnutlsApi* api;
  void operator()(gnutls_x509_crt_int* certificate) const { api->x509_crt_deinit(certificate); }
};
using X509Certificate = std::unique_ptr<gnutls_x509_crt_int, X509CertificateDeinit>;

// What GnuTLS allocated for a gnutls_datum_t it filled (its `data`).
struct GnutlsFree {
  const GnutlsApi* api;
  void operator()(void* data) const { (*api->free)(data); }
};
using GnutlsMemory = std::unique_ptr<unsigned char, GnutlsFree>;

}  // namespace mpop::net
