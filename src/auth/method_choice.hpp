#pragma once
// Which authentication method a session uses (doc/COMPAT.md 4.1, manual chapter 5).
//
// Automatic choice walks the methods of auth/method_registry.hpp by their automatic rank,
// keeping only the methods that this build supports, that the server offers, and that are
// acceptable for the connection:
//   SCRAM-SHA-256-PLUS, SCRAM-SHA-1-PLUS   (TLS with channel binding data only)
//   SCRAM-SHA-256, SCRAM-SHA-1             (the only ones used without TLS)
//   PLAIN, APOP, USER, CRAM-MD5, DIGEST-MD5, LOGIN, NTLM   (TLS only)
// GSSAPI, EXTERNAL, OAUTHBEARER and XOAUTH2 are never chosen automatically. Filtering by the
// build's methods reproduces both of upstream's tables: with GNU SASL the whole list, without
// it PLAIN, APOP, USER, CRAM-MD5, LOGIN (and nothing without TLS).
//
// "Offered": USER always; APOP when the greeting had a valid timestamp; the rest when listed
// on the CAPA "SASL" line. When CAPA failed, the SASL list is unknown: an explicitly
// configured method is then tried anyway (as upstream tries unknown capabilities), but the
// automatic choice only considers APOP and USER, so it never gambles on a mechanism the
// server most likely lacks.
//
// An explicitly configured method skips the TLS check (the user asked for it) but must be
// offered; this is checked before any password is obtained or sent.

#include <span>
#include <string>
#include <string_view>

#include "auth/method_registry.hpp"
#include "util/result.hpp"

namespace mpop::auth {

struct MethodChoiceInput {
  // The `auth` setting: "" or "on" (any case) chooses automatically; otherwise a method
  // name in any case ("scram-sha-256").
  std::string_view configured;
  bool tls_active = false;
  // TLS channel binding data exists (needed by the -PLUS variants).
  bool channel_binding = false;
  // Whether CAPA worked; if not, sasl_mechanisms is meaningless (see above).
  bool capa_supported = true;
  std::span<const std::string> sasl_mechanisms;  // from the CAPA SASL line, upper-case
  bool apop_available = false;                   // greeting carried a valid timestamp
  std::span<const std::string_view> supported = kBuiltinMethods;  // upper-case
};

// The upper-case name of the method to use. Errors:
//   kConfig       "unknown authentication method 'X'"
//   kUnavailable  "support for authentication method X is not compiled in"
//                 "POP3 server does not support authentication method X (it offers ...)"
//                 "authentication method X needs TLS channel binding, which ..."
//                 "cannot use a secure authentication method: ..."       no TLS
//                 "cannot find a usable authentication method: ..."      TLS
// The detail after the colon names what the server offers and what would be accepted.
Result<std::string> ChooseMethod(const MethodChoiceInput& input);

// The check that can run before connecting: kConfig for an unknown name, kUnavailable
// when the build lacks the method; OK for automatic choice.
Status CheckMethodAvailable(std::string_view configured,
                            std::span<const std::string_view> supported = kBuiltinMethods);

// Whether a login with the `auth` setting `configured` may run through GNU SASL, so that
// the library is loaded only then (issue 17): a GNU SASL method is named, or the choice is
// automatic and the server's CAPA (when it worked) lists one on its SASL line.
bool MayUseGnuSasl(std::string_view configured, bool capa_supported,
                   std::span<const std::string> sasl_mechanisms);

// Whether the method needs a password (all but GSSAPI and EXTERNAL) or a user name (all but
// EXTERNAL), from its row in kMethods. `method` is upper-case and known.
bool MethodNeedsPassword(std::string_view method);
bool MethodNeedsUser(std::string_view method);
// Whether the method sends an OAuth2 bearer token (OAUTHBEARER, XOAUTH2); false for an
// unknown name.
bool MethodTakesBearerToken(std::string_view method);

}  // namespace mpop::auth
