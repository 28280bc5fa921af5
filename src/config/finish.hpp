#pragma once
// Completing an account after the configuration file and the command line have been
// applied (doc/COMPAT.md 5, 6): defaults that depend on other settings, then consistency
// checks.

#include <string>

#include "config/account.hpp"
#include "util/result.hpp"

namespace mpop::config {

// What the account will be used for; only retrieval delivers mail.
enum class Purpose {
  kRetrieval,   // needs a delivery method
  kStatusOnly,  // -s: no delivery needed (upstream demands one anyway; we do not)
  kAuthOnly,    // -A: likewise
  kServerInfo,  // -S
  kAuthorize,   // --authorize: no delivery needed
};

// Fills in, where unset:
//   port: 995 for TLS without STARTTLS, else 110;
//   tls_trust_file: "system" unless it was set at all (an empty value stays empty);
//   proxy_port: 1080 when a proxy_host is set (left 0 otherwise, as --pretend shows);
//   uidls_file: "~/.mpop_uidls/%U_at_%H", tilde-expanded.
// Then checks, in upstream's order (the first failure is returned, kConfig):
//   "host not set"  (neither host nor socket; or TLS with neither host nor
//                    tls_host_override, since TLS needs a name to verify);
//   "tls_key_file requires tls_cert_file", "tls_cert_file requires tls_key_file";
//   "tls requires either tls_trust_file (highly recommended) or tls_fingerprint or a
//    disabled tls_certcheck";
//   "tls_crl_file requires tls_trust_file";
//   "invalid tls_fingerprint X" (for values that did not come through ParseFingerprint);
//   "oauth2_X requires oauth2_issuer", "oauth2_issuer requires oauth2_client_id (...)",
//   "oauth2_issuer requires auth on, oauthbearer or xoauth2, not METHOD";
//   "no delivery information" (kRetrieval only).
// For a configuration-file account (config_file not empty) the message starts with
// "account NAME from FILE: ", as upstream prints it; --host accounts get no prefix.
Status FinishAccount(Account& account, Purpose purpose);

// account.uidls_file with every "%U" replaced by the user name (empty if unset) and every
// "%H" by the host (or the socket path when there is no host). No sanitising: a '/' in
// the user name makes a sub-directory, as upstream does.
std::string ExpandUidlsFile(const Account& account);

}  // namespace mpop::config
