#pragma once
// GnutlsApi: every GnuTLS function mpop calls, as pointers that GnutlsLibrary::Init() looks
// up in the library it loads (net/gnutls_library.hpp). <gnutls/gnutls.h> still gives the
// types and constants, and each pointer has the type of its function there, so calls
// through the table are checked like direct ones. A function used anywhere in src/ needs
// its entry here and its lookup in gnutls_library.cpp. Include only from net/'s .cpp files
// (and tests): it brings GnuTLS's headers along.

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

namespace mpop::net {

struct GnutlsApi {
  // Library
  decltype(&::gnutls_check_version) check_version = nullptr;
  decltype(&::gnutls_global_init) global_init = nullptr;
  decltype(&::gnutls_global_deinit) global_deinit = nullptr;
  decltype(&::gnutls_strerror) strerror = nullptr;
  decltype(&::gnutls_error_is_fatal) error_is_fatal = nullptr;
  decltype(&::gnutls_url_is_supported) url_is_supported = nullptr;
  // gnutls_free is a variable that holds the function: this points to the variable.
  decltype(&::gnutls_free) free = nullptr;
  // Credentials and priorities
  decltype(&::gnutls_certificate_allocate_credentials) certificate_allocate_credentials = nullptr;
  decltype(&::gnutls_certificate_free_credentials) certificate_free_credentials = nullptr;
  decltype(&::gnutls_certificate_set_pin_function) certificate_set_pin_function = nullptr;
  decltype(&::gnutls_certificate_set_x509_system_trust) certificate_set_x509_system_trust = nullptr;
  decltype(&::gnutls_certificate_set_x509_trust_file) certificate_set_x509_trust_file = nullptr;
  decltype(&::gnutls_certificate_set_x509_crl_file) certificate_set_x509_crl_file = nullptr;
  decltype(&::gnutls_certificate_set_x509_key_file2) certificate_set_x509_key_file2 = nullptr;
  decltype(&::gnutls_priority_init) priority_init = nullptr;
  decltype(&::gnutls_priority_deinit) priority_deinit = nullptr;
  // Sessions
  decltype(&::gnutls_init) init = nullptr;
  decltype(&::gnutls_deinit) deinit = nullptr;
  decltype(&::gnutls_priority_set) priority_set = nullptr;
  decltype(&::gnutls_set_default_priority) set_default_priority = nullptr;
  decltype(&::gnutls_credentials_set) credentials_set = nullptr;
  decltype(&::gnutls_server_name_set) server_name_set = nullptr;
  decltype(&::gnutls_session_set_verify_cert) session_set_verify_cert = nullptr;
  decltype(&::gnutls_ocsp_status_request_enable_client) ocsp_status_request_enable_client = nullptr;
  decltype(&::gnutls_dh_set_prime_bits) dh_set_prime_bits = nullptr;
  decltype(&::gnutls_handshake_set_timeout) handshake_set_timeout = nullptr;
  decltype(&::gnutls_transport_set_ptr) transport_set_ptr = nullptr;
  decltype(&::gnutls_transport_set_push_function) transport_set_push_function = nullptr;
  decltype(&::gnutls_transport_set_pull_function) transport_set_pull_function = nullptr;
  decltype(&::gnutls_transport_set_pull_timeout_function) transport_set_pull_timeout_function =
      nullptr;
  decltype(&::gnutls_transport_set_errno) transport_set_errno = nullptr;
  decltype(&::gnutls_handshake) handshake = nullptr;
  decltype(&::gnutls_record_get_direction) record_get_direction = nullptr;
  decltype(&::gnutls_record_recv) record_recv = nullptr;
  decltype(&::gnutls_record_send) record_send = nullptr;
  decltype(&::gnutls_record_check_pending) record_check_pending = nullptr;
  decltype(&::gnutls_bye) bye = nullptr;
  decltype(&::gnutls_alert_get) alert_get = nullptr;
  decltype(&::gnutls_alert_get_name) alert_get_name = nullptr;
  decltype(&::gnutls_alert_send) alert_send = nullptr;
  decltype(&::gnutls_session_get_verify_cert_status) session_get_verify_cert_status = nullptr;
  decltype(&::gnutls_session_get_desc) session_get_desc = nullptr;
  decltype(&::gnutls_session_channel_binding) session_channel_binding = nullptr;
  decltype(&::gnutls_protocol_get_version) protocol_get_version = nullptr;
  decltype(&::gnutls_protocol_get_name) protocol_get_name = nullptr;
  decltype(&::gnutls_certificate_get_peers) certificate_get_peers = nullptr;
  // Certificates
  decltype(&::gnutls_x509_crt_init) x509_crt_init = nullptr;
  decltype(&::gnutls_x509_crt_deinit) x509_crt_deinit = nullptr;
  decltype(&::gnutls_x509_crt_import) x509_crt_import = nullptr;
  decltype(&::gnutls_x509_crt_get_dn3) x509_crt_get_dn3 = nullptr;
  decltype(&::gnutls_x509_crt_get_issuer_dn3) x509_crt_get_issuer_dn3 = nullptr;
  decltype(&::gnutls_x509_crt_get_activation_time) x509_crt_get_activation_time = nullptr;
  decltype(&::gnutls_x509_crt_get_expiration_time) x509_crt_get_expiration_time = nullptr;
};

}  // namespace mpop::net
