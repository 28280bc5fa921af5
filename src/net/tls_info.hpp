#pragma once
// TlsInfo: what --serverinfo and --debug print about a TLS session (doc/COMPAT.md 5): the
// session parameters and the server's certificate. Filling it (ReadTlsInfo) is separate
// from printing it (FormatTlsInfo, pure), so the layout is tested without a handshake.

#include <ctime>
#include <functional>
#include <string>
#include <vector>

#include "util/result.hpp"

struct gnutls_session_int;  // gnutls_session_t

namespace mpop::net {

struct GnutlsApi;  // net/gnutls_api.hpp

struct TlsInfo {
  // gnutls_session_get_desc(): "(TLS1.3)-(ECDHE-SECP256R1)-(ECDSA-SECP256R1-SHA256)-(AES-256-GCM)"
  std::string session_parameters;
  std::string subject_dn;  // DN strings as GnuTLS prints them, e.g. "C=US,O=Example,CN=pop"
  std::string issuer_dn;
  std::time_t activation_time = 0;
  std::time_t expiration_time = 0;
  std::vector<unsigned char> sha256;  // fingerprints of the leaf certificate's DER
  std::vector<unsigned char> sha1;
  bool operator==(const TlsInfo&) const = default;
};

using TimeFormatter = std::function<std::string(std::time_t)>;

// strftime("%c") in local time and the current LC_TIME locale (in the C locale this is
// ctime() without its newline), as upstream prints certificate times.
std::string FormatLocalTime(std::time_t time);

// The block of doc/COMPAT.md 5, lines ending in '\n':
//   TLS session parameters:
//       (TLS1.3)-(...)
//   TLS certificate information:
//       Subject:
//           CN=localhost
//       Issuer:
//   ...
//       Fingerprints:
//           SHA256: AB:...
//           SHA1 (deprecated): AB:...
std::string FormatTlsInfo(const TlsInfo& info, const TimeFormatter& format_time = FormatLocalTime);

// Reads the parameters and the peer's leaf certificate from an established session.
// Errors: kSoftware "cannot get TLS certificate information: ..." (e.g. no certificate).
Result<TlsInfo> ReadTlsInfo(const GnutlsApi& api, gnutls_session_int* session);

}  // namespace mpop::net
