#include "net/tls_server.hpp"

#include <unistd.h>

#include <cerrno>

#include "net/gnutls_api.hpp"
#include "net/tls_credentials.hpp"
#include "util/i18n.hpp"

namespace mpop::net {

Result<TlsServerContext> TlsServerContext::Create(const GnutlsLibrary& library,
                                                  const std::string& cert_file,
                                                  const std::string& key_file) {
  const GnutlsApi& api = library.api();
  auto credentials = std::make_shared<TlsCredentials>();
  credentials->api = &api;
  credentials->server = true;
  credentials->verification = TlsVerification::kNone;  // clients are not asked for one
  if (int rc = api.certificate_allocate_credentials(&credentials->certificate); rc < 0) {
    return Error::Software(TrFormat("cannot initialize TLS: {}", api.strerror(rc)));
  }
  const int rc =
      api.certificate_set_x509_key_file2(credentials->certificate, cert_file.c_str(),
                                         key_file.c_str(), GNUTLS_X509_FMT_PEM, nullptr, 0);
  if (rc < 0) {
    std::string reason = api.strerror(rc);
    // GnuTLS says "Error while reading file." for both files; name the one and say why.
    if (rc == GNUTLS_E_FILE_ERROR) {
      for (const std::string* path : {&cert_file, &key_file}) {
        if (::access(path->c_str(), R_OK) != 0) {
          reason = *path + ": " + ErrnoText(errno);
          break;
        }
      }
    }
    return Error::NoInput(
        TrFormat("cannot load TLS certificate {} with key {}: {}", cert_file, key_file, reason));
  }
  return TlsServerContext(std::move(credentials));
}

Result<std::unique_ptr<TlsTransport>> TlsServerContext::Start(FdTransport& transport) const {
  std::unique_ptr<TlsTransport> tls(new TlsTransport(transport, credentials_));
  MPOP_TRY(tls->Open());
  return tls;
}

}  // namespace mpop::net
