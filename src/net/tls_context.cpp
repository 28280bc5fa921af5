#include "net/tls_context.hpp"

#include <string.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <utility>

#include "net/gnutls_api.hpp"
#include "net/idn.hpp"
#include "net/tls_credentials.hpp"
#include "net/tls_fingerprint.hpp"
#include "util/i18n.hpp"

namespace mpop::net {
namespace {

// "cannot read TLS trust file F: No such file or directory". GnuTLS reports any failure to
// open or read as GNUTLS_E_FILE_ERROR; the system's reason is more useful.
Error FileError(const GnutlsApi& api, std::string_view what, const std::string& path, int rc) {
  std::string reason = api.strerror(rc);
  if (rc == GNUTLS_E_FILE_ERROR && ::access(path.c_str(), R_OK) != 0) reason = ErrnoText(errno);
  return Error::NoInput(TrFormat("cannot read {} {}: {}", what, path, reason));
}

// gnutls_pin_callback_t: the account's password mechanisms provide the PIN (manual 4.1).
int AskPin(void* userdata, int attempt, const char* /*token_url*/, const char* token_label,
           unsigned int flags, char* pin, std::size_t pin_max) {
  auto* credentials = static_cast<TlsCredentials*>(userdata);
  // A wrong PIN is not tried again: tokens lock themselves after a few failures.
  if (attempt > 0 || (flags & GNUTLS_PIN_WRONG) || !credentials->pin) return -1;
  Result<std::string> answer = credentials->pin(token_label != nullptr ? token_label : "");
  if (!answer) {
    credentials->pin_error = std::move(answer).error();
    return -1;
  }
  int rc = -1;
  if (answer->size() < pin_max) {
    std::memcpy(pin, answer->c_str(), answer->size() + 1);
    rc = 0;
  }
  explicit_bzero(answer->data(), answer->size());
  return rc;
}

Status LoadTrust(TlsCredentials& credentials, const TlsOptions& options) {
  const GnutlsApi& api = *credentials.api;
  if (options.trust_file == "system") {
    int rc = api.certificate_set_x509_system_trust(credentials.certificate);
    if (rc < 0) {
      return Error::NoInput(TrFormat("cannot load the system's trusted CAs: {}", api.strerror(rc)));
    }
  } else if (!options.trust_file.empty()) {
    int rc = api.certificate_set_x509_trust_file(credentials.certificate,
                                                 options.trust_file.c_str(), GNUTLS_X509_FMT_PEM);
    if (rc < 0) return FileError(api, Tr("TLS trust file"), options.trust_file, rc);
    if (rc == 0) {
      return Error::NoInput(
          TrFormat("TLS trust file {} contains no certificates", options.trust_file));
    }
  }
  if (!options.crl_file.empty()) {
    int rc = api.certificate_set_x509_crl_file(credentials.certificate, options.crl_file.c_str(),
                                               GNUTLS_X509_FMT_PEM);
    if (rc < 0) return FileError(api, Tr("TLS CRL file"), options.crl_file, rc);
    if (rc == 0)
      return Error::NoInput(TrFormat("TLS CRL file {} contains no CRL", options.crl_file));
  }
  return {};
}

Status LoadClientCertificate(TlsCredentials& credentials, const TlsOptions& options) {
  const GnutlsApi& api = *credentials.api;
  if (options.key_file.empty() && options.cert_file.empty()) return {};
  if (options.key_file.empty() || options.cert_file.empty()) {
    return Error::Config(Tr("tls_key_file and tls_cert_file must be set together"));
  }
  int rc =
      api.certificate_set_x509_key_file2(credentials.certificate, options.cert_file.c_str(),
                                         options.key_file.c_str(), GNUTLS_X509_FMT_PEM, nullptr, 0);
  if (credentials.pin_error) return *credentials.pin_error;
  if (rc < 0) {
    std::string reason = api.strerror(rc);
    if (rc == GNUTLS_E_FILE_ERROR) {
      for (const std::string* path : {&options.cert_file, &options.key_file}) {
        if (api.url_is_supported(path->c_str()) == 0 && ::access(path->c_str(), R_OK) != 0) {
          reason = *path + ": " + ErrnoText(errno);
          break;
        }
      }
    }
    return Error::NoInput(TrFormat("cannot load TLS client certificate {} with key {}: {}",
                                   options.cert_file, options.key_file, reason));
  }
  return {};
}

Status LoadPriorities(TlsCredentials& credentials, const std::string& priorities) {
  const GnutlsApi& api = *credentials.api;
  if (priorities.empty()) return {};
  const char* error_position = nullptr;
  int rc = api.priority_init(&credentials.priorities, priorities.c_str(), &error_position);
  if (rc == GNUTLS_E_INVALID_REQUEST && error_position != nullptr) {
    std::size_t offset = static_cast<std::size_t>(error_position - priorities.c_str());
    std::size_t end = priorities.find(':', offset);
    std::string part = priorities.substr(offset, end == std::string::npos ? end : end - offset);
    return Error::Config(TrFormat("invalid TLS priority string '{}': error at position {} ('{}')",
                                  priorities, offset + 1, part));
  }
  if (rc < 0) {
    return Error::Config(
        TrFormat("invalid TLS priority string '{}': {}", priorities, api.strerror(rc)));
  }
  return {};
}

}  // namespace

Result<TlsContext> TlsContext::Create(const GnutlsLibrary& library, const TlsOptions& options) {
  const GnutlsApi& api = library.api();
  auto credentials = std::make_shared<TlsCredentials>();
  credentials->api = &api;
  if (int rc = api.certificate_allocate_credentials(&credentials->certificate); rc < 0) {
    return Error::Software(TrFormat("cannot initialize TLS: {}", api.strerror(rc)));
  }
  api.certificate_set_pin_function(credentials->certificate, AskPin, credentials.get());
  credentials->pin = options.pin;
  credentials->min_dh_prime_bits = options.min_dh_prime_bits;
  auto host = ToAsciiHost(options.VerifyHost());
  if (!host) return std::move(host).error();
  credentials->host = std::move(*host);
  if (credentials->host.empty() && options.certcheck && options.fingerprint.empty()) {
    return Error::Config(Tr("TLS needs a host name to verify: set host or tls_host_override"));
  }

  if (!options.certcheck) {
    credentials->verification = TlsVerification::kNone;
  } else if (!options.fingerprint.empty()) {
    credentials->verification = TlsVerification::kFingerprint;
    auto fingerprint = ParseFingerprint(options.fingerprint);
    if (!fingerprint) return std::move(fingerprint).error();
    credentials->fingerprint = std::move(*fingerprint);
  } else {
    credentials->verification = TlsVerification::kTrust;
    MPOP_TRY(LoadTrust(*credentials, options));
  }
  MPOP_TRY(LoadClientCertificate(*credentials, options));
  MPOP_TRY(LoadPriorities(*credentials, options.priorities));
  return TlsContext(std::move(credentials));
}

Result<std::unique_ptr<TlsTransport>> TlsContext::Start(FdTransport& transport) const {
  std::unique_ptr<TlsTransport> tls(new TlsTransport(transport, credentials_));
  MPOP_TRY(tls->Open());
  return tls;
}

TlsVerification TlsContext::verification() const { return credentials_->verification; }

Result<std::unique_ptr<TlsTransport>> StartTls(const GnutlsLibrary& library, FdTransport& transport,
                                               const TlsOptions& options) {
  auto context = TlsContext::Create(library, options);
  if (!context) return std::move(context).error();
  return context->Start(transport);
}

}  // namespace mpop::net
