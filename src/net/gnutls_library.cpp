#include "net/gnutls_library.hpp"

#include <gnutls/gnutls.h>

#include <string>

#include "util/i18n.hpp"

namespace mpop::net {

Result<GnutlsLibrary> GnutlsLibrary::Init() {
  if (gnutls_check_version(GNUTLS_VERSION) == nullptr) {
    return Error::Software(TrFormat("cannot initialize TLS library: GnuTLS {} is older than {}",
                                    gnutls_check_version(nullptr), GNUTLS_VERSION));
  }
  int rc = gnutls_global_init();
  if (rc < 0) {
    return Error::Software(TrFormat("cannot initialize TLS library: {}", gnutls_strerror(rc)));
  }
  return GnutlsLibrary();
}

GnutlsLibrary::~GnutlsLibrary() {
  if (active_) gnutls_global_deinit();
}

const char* GnutlsLibrary::RuntimeVersion() { return gnutls_check_version(nullptr); }

}  // namespace mpop::net
