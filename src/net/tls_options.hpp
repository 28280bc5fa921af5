#pragma once
// TlsOptions: the `tls_*` settings of one account (manual 2.3, doc/COMPAT.md 5) as TlsContext
// needs them. The client fills this from config::Account; nothing here reads the config.

#include <functional>
#include <optional>
#include <string>

#include "util/result.hpp"

namespace mpop::net {

// Asked for the PIN when a PKCS#11 token holding the client key needs one (manual 4.1: the
// account's password mechanisms provide it). token_label names the token ("testtok").
// Called when GnuTLS logs in to the token: usually while TlsContext::Create() loads the
// key, possibly again in a handshake. A wrong PIN is not tried again (tokens lock after a
// few); an error from the callback becomes the error of Create() or of the handshake.
using PinCallback = std::function<Result<std::string>(const std::string& token_label)>;

struct TlsOptions {
  // The server name for SNI (always sent, even for an address) and for the certificate's
  // host name check: tls_host_override if set, else host. May be an IDN (converted to its
  // ASCII form here). Must not be empty.
  std::string host;
  std::optional<std::string> host_override;

  // "system" (the system's CAs), a PEM file of trusted CAs, or "" (trust no CA).
  std::string trust_file = "system";
  std::string crl_file;  // PEM CRL file; "" none. Only used with CA verification.
  // As configured: SHA-256 (95 characters), SHA-1 (59) or MD5 (47) as hex pairs separated
  // by ':' or ' ', any case. "" none. When set it is the only check (doc/COMPAT.md 5).
  std::string fingerprint;
  // false: no verification at all. The caller must warn that the session is not secure.
  bool certcheck = true;

  // Client certificate: both or neither; PEM files or PKCS#11 URIs ("pkcs11:...").
  std::string key_file;
  std::string cert_file;
  PinCallback pin;  // may be empty: then a token that needs a PIN fails to log in

  std::string priorities;      // GnuTLS priority string; "" = library default
  int min_dh_prime_bits = -1;  // tls_min_dh_prime_bits; -1 = unset

  // The name the certificate must carry, and the SNI name: host_override or host.
  const std::string& VerifyHost() const { return host_override ? *host_override : host; }
};

// How the server certificate was checked, for the client's warnings and --serverinfo.
enum class TlsVerification {
  kNone,         // tls_certcheck off: the session is not secure
  kFingerprint,  // only the pinned fingerprint was compared
  kTrust,        // CA chain, host name, validity, CRL, stapled OCSP
};

}  // namespace mpop::net
