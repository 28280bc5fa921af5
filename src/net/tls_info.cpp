#include "net/tls_info.hpp"

#include <string_view>

#include "net/gnutls_api.hpp"
#include "net/gnutls_handles.hpp"
#include "net/tls_fingerprint.hpp"
#include "util/i18n.hpp"

namespace mpop::net {
namespace {

Error InfoError(const GnutlsApi& api, int rc) {
  return Error::Software(TrFormat("cannot get TLS certificate information: {}", api.strerror(rc)));
}

// Takes ownership of a datum GnuTLS allocated.
std::string TakeDatum(const GnutlsApi& api, gnutls_datum_t& datum) {
  std::string text(reinterpret_cast<const char*>(datum.data), datum.size);
  (*api.free)(datum.data);
  datum.data = nullptr;
  return text;
}

}  // namespace

std::string FormatLocalTime(std::time_t time) {
  std::tm local{};
  if (localtime_r(&time, &local) == nullptr) return std::to_string(time);
  char buffer[256];
  std::size_t size = std::strftime(buffer, sizeof buffer, "%c", &local);
  return std::string(buffer, size);
}

std::string FormatTlsInfo(const TlsInfo& info, const TimeFormatter& format_time) {
  std::string text;
  text += std::string(Tr("TLS session parameters:")) + "\n";
  text += "    " + info.session_parameters + "\n";
  text += std::string(Tr("TLS certificate information:")) + "\n";
  text += "    " + std::string(Tr("Subject:")) + "\n";
  text += "        " + info.subject_dn + "\n";
  text += "    " + std::string(Tr("Issuer:")) + "\n";
  text += "        " + info.issuer_dn + "\n";
  text += "    " + std::string(Tr("Validity:")) + "\n";
  text += "        " + TrFormat("Activation time: {}", format_time(info.activation_time)) + "\n";
  text += "        " + TrFormat("Expiration time: {}", format_time(info.expiration_time)) + "\n";
  text += "    " + std::string(Tr("Fingerprints:")) + "\n";
  text += "        SHA256: " + FormatFingerprint(info.sha256) + "\n";
  text += "        " + TrFormat("SHA1 (deprecated): {}", FormatFingerprint(info.sha1)) + "\n";
  return text;
}

Result<TlsInfo> ReadTlsInfo(const GnutlsApi& api, gnutls_session_int* session) {
  TlsInfo info;
  if (char* desc = api.session_get_desc(session); desc != nullptr) {
    info.session_parameters = desc;
    (*api.free)(desc);
  }
  unsigned int count = 0;
  const gnutls_datum_t* peers = api.certificate_get_peers(session, &count);
  if (peers == nullptr || count == 0) {
    return Error::Software(Tr("cannot get TLS certificate information: the server sent none"));
  }
  gnutls_x509_crt_t raw = nullptr;
  if (int rc = api.x509_crt_init(&raw); rc < 0) return InfoError(api, rc);
  X509Certificate crt(raw, X509CertificateDeinit{&api});
  if (int rc = api.x509_crt_import(raw, &peers[0], GNUTLS_X509_FMT_DER); rc < 0) {
    return InfoError(api, rc);
  }
  gnutls_datum_t dn{};
  if (int rc = api.x509_crt_get_dn3(raw, &dn, GNUTLS_X509_DN_FLAG_COMPAT); rc < 0) {
    return InfoError(api, rc);
  }
  info.subject_dn = TakeDatum(api, dn);
  if (int rc = api.x509_crt_get_issuer_dn3(raw, &dn, GNUTLS_X509_DN_FLAG_COMPAT); rc < 0) {
    return InfoError(api, rc);
  }
  info.issuer_dn = TakeDatum(api, dn);
  info.activation_time = api.x509_crt_get_activation_time(raw);
  info.expiration_time = api.x509_crt_get_expiration_time(raw);
  std::string_view der(reinterpret_cast<const char*>(peers[0].data), peers[0].size);
  auto sha256 = CertificateDigest(der, FingerprintType::kSha256);
  if (!sha256) return std::move(sha256).error();
  info.sha256 = std::move(*sha256);
  auto sha1 = CertificateDigest(der, FingerprintType::kSha1);
  if (!sha1) return std::move(sha1).error();
  info.sha1 = std::move(*sha1);
  return info;
}

}  // namespace mpop::net
