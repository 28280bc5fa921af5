#include "net/gnutls_library.hpp"

#include <string>
#include <string_view>
#include <utility>

#include "net/gnutls_api.hpp"
#include "util/i18n.hpp"

namespace mpop::net {
namespace {

// The name of a function in the library, and where its address goes.
#define MPOP_GNUTLS_FUNCTION(name) MPOP_TRY(library.Resolve("gnutls_" #name, api.name))

Status Resolve(const SharedLibrary& library, GnutlsApi& api) {
  MPOP_GNUTLS_FUNCTION(check_version);
  MPOP_GNUTLS_FUNCTION(global_init);
  MPOP_GNUTLS_FUNCTION(global_deinit);
  MPOP_GNUTLS_FUNCTION(strerror);
  MPOP_GNUTLS_FUNCTION(error_is_fatal);
  MPOP_GNUTLS_FUNCTION(url_is_supported);
  MPOP_GNUTLS_FUNCTION(free);
  MPOP_GNUTLS_FUNCTION(certificate_allocate_credentials);
  MPOP_GNUTLS_FUNCTION(certificate_free_credentials);
  MPOP_GNUTLS_FUNCTION(certificate_set_pin_function);
  MPOP_GNUTLS_FUNCTION(certificate_set_x509_system_trust);
  MPOP_GNUTLS_FUNCTION(certificate_set_x509_trust_file);
  MPOP_GNUTLS_FUNCTION(certificate_set_x509_crl_file);
  MPOP_GNUTLS_FUNCTION(certificate_set_x509_key_file2);
  MPOP_GNUTLS_FUNCTION(priority_init);
  MPOP_GNUTLS_FUNCTION(priority_deinit);
  MPOP_GNUTLS_FUNCTION(init);
  MPOP_GNUTLS_FUNCTION(deinit);
  MPOP_GNUTLS_FUNCTION(priority_set);
  MPOP_GNUTLS_FUNCTION(set_default_priority);
  MPOP_GNUTLS_FUNCTION(credentials_set);
  MPOP_GNUTLS_FUNCTION(server_name_set);
  MPOP_GNUTLS_FUNCTION(session_set_verify_cert);
  MPOP_GNUTLS_FUNCTION(ocsp_status_request_enable_client);
  MPOP_GNUTLS_FUNCTION(dh_set_prime_bits);
  MPOP_GNUTLS_FUNCTION(handshake_set_timeout);
  MPOP_GNUTLS_FUNCTION(transport_set_ptr);
  MPOP_GNUTLS_FUNCTION(transport_set_push_function);
  MPOP_GNUTLS_FUNCTION(transport_set_pull_function);
  MPOP_GNUTLS_FUNCTION(transport_set_pull_timeout_function);
  MPOP_GNUTLS_FUNCTION(transport_set_errno);
  MPOP_GNUTLS_FUNCTION(handshake);
  MPOP_GNUTLS_FUNCTION(record_get_direction);
  MPOP_GNUTLS_FUNCTION(record_recv);
  MPOP_GNUTLS_FUNCTION(record_send);
  MPOP_GNUTLS_FUNCTION(record_check_pending);
  MPOP_GNUTLS_FUNCTION(bye);
  MPOP_GNUTLS_FUNCTION(alert_get);
  MPOP_GNUTLS_FUNCTION(alert_get_name);
  MPOP_GNUTLS_FUNCTION(alert_send);
  MPOP_GNUTLS_FUNCTION(session_get_verify_cert_status);
  MPOP_GNUTLS_FUNCTION(session_get_desc);
  MPOP_GNUTLS_FUNCTION(session_channel_binding);
  MPOP_GNUTLS_FUNCTION(protocol_get_version);
  MPOP_GNUTLS_FUNCTION(protocol_get_name);
  MPOP_GNUTLS_FUNCTION(certificate_get_peers);
  MPOP_GNUTLS_FUNCTION(x509_crt_init);
  MPOP_GNUTLS_FUNCTION(x509_crt_deinit);
  MPOP_GNUTLS_FUNCTION(x509_crt_import);
  MPOP_GNUTLS_FUNCTION(x509_crt_get_dn3);
  MPOP_GNUTLS_FUNCTION(x509_crt_get_issuer_dn3);
  MPOP_GNUTLS_FUNCTION(x509_crt_get_activation_time);
  MPOP_GNUTLS_FUNCTION(x509_crt_get_expiration_time);
  return {};
}

#undef MPOP_GNUTLS_FUNCTION

Error InitError(std::string_view reason) {
  return Error::Software(TrFormat("cannot initialize TLS library: {}", reason));
}

}  // namespace

Result<GnutlsLibrary> GnutlsLibrary::Init() {
  Result<LoadedLibrary<GnutlsApi>> loaded = LoadLibrary(MPOP_GNUTLS_SONAME, Resolve);
  if (!loaded) return InitError(loaded.error().message);
  auto& [library, api] = *loaded;
  if (api->check_version(GNUTLS_VERSION) == nullptr) {
    return Error::Software(TrFormat("cannot initialize TLS library: GnuTLS {} is older than {}",
                                    api->check_version(nullptr), GNUTLS_VERSION));
  }
  if (int rc = api->global_init(); rc < 0) return InitError(api->strerror(rc));
  return GnutlsLibrary(std::move(library), std::move(api));
}

GnutlsLibrary::GnutlsLibrary(SharedLibrary library, std::unique_ptr<const GnutlsApi> api)
    : library_(std::move(library)), api_(std::move(api)) {}

GnutlsLibrary::GnutlsLibrary(GnutlsLibrary&& other) noexcept = default;

GnutlsLibrary::~GnutlsLibrary() {
  if (api_) api_->global_deinit();
}

const char* GnutlsLibrary::RuntimeVersion() const { return api_->check_version(nullptr); }

}  // namespace mpop::net
