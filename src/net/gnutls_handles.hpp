#pragma once
// Owning handles for GnuTLS objects that net/'s sources create and drop in one function
// (STYLE.md section 6). The session and the credentials have their own owners
// (net/tls_transport.hpp, net/tls_context.hpp). Include only from .cpp files: it brings
// GnuTLS's headers along.

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "util/c_handle.hpp"

namespace mpop::net {

using X509Certificate = CHandle<gnutls_x509_crt_int, gnutls_x509_crt_deinit>;

// gnutls_free is a variable (a function pointer), which a template argument cannot name.
inline void FreeGnutlsMemory(unsigned char* data) { gnutls_free(data); }
// What GnuTLS allocated for a gnutls_datum_t it filled (its `data`).
using GnutlsMemory = CHandle<unsigned char, FreeGnutlsMemory>;

}  // namespace mpop::net
