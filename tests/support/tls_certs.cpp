#include "support/tls_certs.hpp"

#include <arpa/inet.h>
#include <gnutls/abstract.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509-ext.h>
#include <gnutls/x509.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace mpop::testing {
namespace {

constexpr std::time_t kHour = 3600;
constexpr std::time_t kDay = 24 * kHour;

void Check(int rc, const char* what) {
  if (rc < 0) {
    std::fprintf(stderr, "tls_certs: %s: %s\n", what, gnutls_strerror(rc));
    std::abort();
  }
}

std::string TakeDatum(gnutls_datum_t& datum) {
  std::string text(reinterpret_cast<const char*>(datum.data), datum.size);
  gnutls_free(datum.data);
  return text;
}

gnutls_datum_t DatumOf(const std::string& text) {
  return {reinterpret_cast<unsigned char*>(const_cast<char*>(text.data())),
          static_cast<unsigned int>(text.size())};
}

gnutls_x509_privkey_t NewKey() {
  gnutls_x509_privkey_t key = nullptr;
  Check(gnutls_x509_privkey_init(&key), "privkey_init");
  Check(gnutls_x509_privkey_generate(key, GNUTLS_PK_ECDSA,
                                     GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP256R1), 0),
        "privkey_generate");
  return key;
}

gnutls_x509_privkey_t ImportKey(const std::string& pem) {
  gnutls_x509_privkey_t key = nullptr;
  Check(gnutls_x509_privkey_init(&key), "privkey_init");
  gnutls_datum_t datum = DatumOf(pem);
  Check(gnutls_x509_privkey_import(key, &datum, GNUTLS_X509_FMT_PEM), "privkey_import");
  return key;
}

gnutls_x509_crt_t ImportCrt(const std::string& pem) {
  gnutls_x509_crt_t crt = nullptr;
  Check(gnutls_x509_crt_init(&crt), "crt_init");
  gnutls_datum_t datum = DatumOf(pem);
  Check(gnutls_x509_crt_import(crt, &datum, GNUTLS_X509_FMT_PEM), "crt_import");
  return crt;
}

// Builds and signs a certificate; issuer_crt/issuer_key null: self-signed.
KeyAndCert Make(const CertSpec& spec, gnutls_x509_crt_t issuer_crt,
                gnutls_x509_privkey_t issuer_key) {
  std::time_t now = std::time(nullptr);
  gnutls_x509_privkey_t key = NewKey();
  gnutls_x509_crt_t crt = nullptr;
  Check(gnutls_x509_crt_init(&crt), "crt_init");
  Check(gnutls_x509_crt_set_version(crt, 3), "set_version");
  unsigned char serial[4] = {
      static_cast<unsigned char>(spec.serial >> 24), static_cast<unsigned char>(spec.serial >> 16),
      static_cast<unsigned char>(spec.serial >> 8), static_cast<unsigned char>(spec.serial)};
  Check(gnutls_x509_crt_set_serial(crt, serial, sizeof serial), "set_serial");
  Check(gnutls_x509_crt_set_activation_time(crt, spec.not_before ? spec.not_before : now - kHour),
        "set_activation_time");
  Check(gnutls_x509_crt_set_expiration_time(crt, spec.not_after ? spec.not_after : now + 2 * kDay),
        "set_expiration_time");
  const char* error_at = nullptr;
  Check(gnutls_x509_crt_set_dn(crt, spec.subject.c_str(), &error_at), "set_dn");
  Check(gnutls_x509_crt_set_key(crt, key), "set_key");
  for (const std::string& name : spec.dns_names) {
    Check(gnutls_x509_crt_set_subject_alt_name(crt, GNUTLS_SAN_DNSNAME, name.data(),
                                               static_cast<unsigned>(name.size()),
                                               GNUTLS_FSAN_APPEND),
          "set_subject_alt_name");
  }
  for (const std::string& address : spec.ip_addresses) {
    unsigned char raw[4];
    if (inet_pton(AF_INET, address.c_str(), raw) != 1) Check(GNUTLS_E_INVALID_REQUEST, "ip");
    Check(gnutls_x509_crt_set_subject_alt_name(crt, GNUTLS_SAN_IPADDRESS, raw, sizeof raw,
                                               GNUTLS_FSAN_APPEND),
          "set_subject_alt_name");
  }
  Check(gnutls_x509_crt_set_basic_constraints(crt, spec.ca ? 1 : 0, -1), "basic_constraints");
  if (spec.ca) {
    Check(gnutls_x509_crt_set_key_usage(crt, GNUTLS_KEY_KEY_CERT_SIGN | GNUTLS_KEY_CRL_SIGN),
          "key_usage");
  } else {
    Check(gnutls_x509_crt_set_key_usage(crt, GNUTLS_KEY_DIGITAL_SIGNATURE), "key_usage");
    Check(gnutls_x509_crt_set_key_purpose_oid(
              crt, spec.client ? GNUTLS_KP_TLS_WWW_CLIENT : GNUTLS_KP_TLS_WWW_SERVER, 0),
          "key_purpose");
  }
  if (spec.must_staple) {
    gnutls_x509_tlsfeatures_t features = nullptr;
    Check(gnutls_x509_tlsfeatures_init(&features), "tlsfeatures_init");
    Check(gnutls_x509_tlsfeatures_add(features, 5), "tlsfeatures_add");  // status_request
    Check(gnutls_x509_crt_set_tlsfeatures(crt, features), "set_tlsfeatures");
    gnutls_x509_tlsfeatures_deinit(features);
  }
  unsigned char key_id[64];
  std::size_t key_id_size = sizeof key_id;
  Check(gnutls_x509_privkey_get_key_id(key, GNUTLS_KEYID_USE_SHA1, key_id, &key_id_size),
        "get_key_id");
  Check(gnutls_x509_crt_set_subject_key_id(crt, key_id, key_id_size), "subject_key_id");
  if (issuer_crt != nullptr) {
    unsigned char issuer_id[64];
    std::size_t issuer_id_size = sizeof issuer_id;
    Check(gnutls_x509_crt_get_subject_key_id(issuer_crt, issuer_id, &issuer_id_size, nullptr),
          "issuer key id");
    Check(gnutls_x509_crt_set_authority_key_id(crt, issuer_id, issuer_id_size), "authority_key_id");
    Check(gnutls_x509_crt_sign2(crt, issuer_crt, issuer_key, GNUTLS_DIG_SHA256, 0), "sign");
  } else {
    Check(gnutls_x509_crt_sign2(crt, crt, key, GNUTLS_DIG_SHA256, 0), "self-sign");
  }
  KeyAndCert result;
  gnutls_datum_t datum{};
  Check(gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_PEM, &datum), "crt_export");
  result.cert_pem = TakeDatum(datum);
  Check(gnutls_x509_privkey_export2(key, GNUTLS_X509_FMT_PEM, &datum), "privkey_export");
  result.key_pem = TakeDatum(datum);
  gnutls_x509_crt_deinit(crt);
  gnutls_x509_privkey_deinit(key);
  return result;
}

void WritePair(const ScopedTempDir& dir, const std::string& name, const KeyAndCert& pair) {
  WriteFile(dir.File(name + ".crt"), pair.cert_pem);
  WriteFile(dir.File(name + ".key"), pair.key_pem);
}

}  // namespace

KeyAndCert MakeSelfSigned(const CertSpec& spec) { return Make(spec, nullptr, nullptr); }

KeyAndCert MakeIssued(const CertSpec& spec, const KeyAndCert& issuer) {
  gnutls_x509_crt_t issuer_crt = ImportCrt(issuer.cert_pem);
  gnutls_x509_privkey_t issuer_key = ImportKey(issuer.key_pem);
  KeyAndCert result = Make(spec, issuer_crt, issuer_key);
  gnutls_x509_crt_deinit(issuer_crt);
  gnutls_x509_privkey_deinit(issuer_key);
  return result;
}

std::string MakeCrl(const KeyAndCert& issuer, const std::vector<const KeyAndCert*>& revoked) {
  std::time_t now = std::time(nullptr);
  gnutls_x509_crt_t issuer_crt = ImportCrt(issuer.cert_pem);
  gnutls_x509_privkey_t issuer_key = ImportKey(issuer.key_pem);
  gnutls_x509_crl_t crl = nullptr;
  Check(gnutls_x509_crl_init(&crl), "crl_init");
  Check(gnutls_x509_crl_set_version(crl, 2), "crl_set_version");
  Check(gnutls_x509_crl_set_this_update(crl, now - kHour), "crl_this_update");
  Check(gnutls_x509_crl_set_next_update(crl, now + 2 * kDay), "crl_next_update");
  for (const KeyAndCert* pair : revoked) {
    gnutls_x509_crt_t crt = ImportCrt(pair->cert_pem);
    Check(gnutls_x509_crl_set_crt(crl, crt, now - kHour), "crl_set_crt");
    gnutls_x509_crt_deinit(crt);
  }
  Check(gnutls_x509_crl_sign2(crl, issuer_crt, issuer_key, GNUTLS_DIG_SHA256, 0), "crl_sign");
  gnutls_datum_t datum{};
  Check(gnutls_x509_crl_export2(crl, GNUTLS_X509_FMT_PEM, &datum), "crl_export");
  std::string pem = TakeDatum(datum);
  gnutls_x509_crl_deinit(crl);
  gnutls_x509_crt_deinit(issuer_crt);
  gnutls_x509_privkey_deinit(issuer_key);
  return pem;
}

TestCertificates::TestCertificates() {
  std::time_t now = std::time(nullptr);
  KeyAndCert ca = MakeSelfSigned({.subject = "CN=mpop test CA", .ca = true});
  WritePair(dir_, "ca", ca);
  const std::vector<std::string> localhost = {"localhost"};
  const std::vector<std::string> loopback = {"127.0.0.1"};
  WritePair(dir_, "server",
            MakeIssued({.dns_names = localhost, .ip_addresses = loopback, .serial = 2}, ca));
  WritePair(dir_, "dn",
            MakeIssued({.subject = "CN=localhost,OU=POP,O=mpop test,C=DE",
                        .dns_names = localhost,
                        .ip_addresses = loopback,
                        .serial = 3},
                       ca));
  WritePair(dir_, "expired",
            MakeIssued({.dns_names = localhost,
                        .ip_addresses = loopback,
                        .not_before = now - 10 * kDay,
                        .not_after = now - kDay,
                        .serial = 4},
                       ca));
  WritePair(dir_, "future",
            MakeIssued({.dns_names = localhost,
                        .ip_addresses = loopback,
                        .not_before = now + kDay,
                        .not_after = now + 10 * kDay,
                        .serial = 5},
                       ca));
  WritePair(
      dir_, "wrong_name",
      MakeIssued({.subject = "CN=other.example", .dns_names = {"other.example"}, .serial = 6}, ca));
  WritePair(
      dir_, "must_staple",
      MakeIssued(
          {.dns_names = localhost, .ip_addresses = loopback, .must_staple = true, .serial = 11},
          ca));
  KeyAndCert revoked =
      MakeIssued({.dns_names = localhost, .ip_addresses = loopback, .serial = 7}, ca);
  WritePair(dir_, "revoked", revoked);
  WriteFile(dir_.File("crl.pem"), MakeCrl(ca, {&revoked}));
  WritePair(dir_, "self_signed",
            MakeSelfSigned({.dns_names = localhost, .ip_addresses = loopback, .serial = 8}));
  WritePair(dir_, "client", MakeIssued({.subject = "CN=alice", .client = true, .serial = 9}, ca));
  WriteFile(dir_.File("other_ca.crt"),
            MakeSelfSigned({.subject = "CN=other CA", .ca = true, .serial = 10}).cert_pem);
}

}  // namespace mpop::testing
