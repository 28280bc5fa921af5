#pragma once
// TlsContext: the TLS set-up of one account, loaded before connecting so that a bad file or
// priority string fails early: trust (system CAs, a PEM file or none), CRL, pinned
// fingerprint, client certificate (PEM files or PKCS#11 URIs), priorities.
// Start() then runs the handshake on a connection (doc/COMPAT.md 5 and 1.1 steps 3 and 6).
//
// Verification precedence (doc/COMPAT.md 5): certcheck off -> none at all; else a fingerprint
// is the only check; else CA trust + host name (+ CRL, + stapled OCSP / must-staple as
// GnuTLS checks them), all inside the handshake, so nothing (not even a client certificate
// under TLS 1.3) goes to a server that fails them.
//
// Error codes (doc/COMPAT.md 7.10): unreadable trust/CRL/key/cert file kNoInput; bad priority
// string kConfig; library failures kSoftware; handshake failures kProtocol; a rejected
// certificate kUnavailable; network trouble during the handshake kIoErr.

//
// WIRING IN THE CLIENT (src/client/account_session.cpp), doc/COMPAT.md 1.1 steps 2-7:
//  0. TlsStage (client/tls_stage.cpp) makes the GnutlsLibrary (GnutlsLibrary::Init(), which
//     loads GnuTLS; kSoftware on failure) only for an account that uses TLS.
//  1. Before connecting, build TlsOptions from the Account: host = account.host (or the
//     socket name), host_override = tls_host_override, trust_file = tls_trust_file
//     (nullopt cannot happen after FinishAccount; "" = none), crl_file, fingerprint,
//     certcheck, key_file, cert_file, priorities, min_dh_prime_bits (-1 unset), and pin =
//     a callback that obtains the account password with the usual mechanisms (password,
//     passwordeval, keyring, netrc, prompt). TlsContext::Create() then; its error is the
//     account's error (nothing is sent yet).
//  2. Connect as now. tls on + tls_starttls off (port default 995): context.Start(
//     *connection->transport) BEFORE reading the greeting; build the pop3::Session on the
//     TlsTransport. Keep the Connection alive as long as the TlsTransport.
//  3. Greeting + CAPA as now. If the greeting read fails with a time-out and the session
//     is plain or STARTTLS, append net::GreetingTimeoutHint(tls, starttls, port) (see
//     tls_mismatch.hpp), e.g. as "<error> (<hint>)".
//  4. tls on + tls_starttls on: if capabilities.KnownMissing(capabilities.stls) -> error
//     kUnavailable "the POP3 server does not support TLS via the STLS command" (nothing
//     else is sent). Else session.Stls() (a -ERR, or bytes after the +OK, is its error);
//     then context.Start(*connection->transport); session.SwitchTransport(*tls); forget
//     the greeting's APOP timestamp and the capabilities, and ask CAPA again
//     (session.Capa()), re-resolving pipelining from the new answer.
//  5. If tls->verification() == TlsVerification::kNone, print the warning
//     "mpop: warning: the TLS certificate is not checked (tls_certcheck off): the session
//     is not secure" (stderr, once per session).
//  6. --debug and --serverinfo: tls->Info() -> FormatTlsInfo() right after the handshake
//     (doc/COMPAT.md 5 / 7.6 place the block after the greeting line in --serverinfo).
//  7. Login: LoginState.tls_active = true, and tls->channel_binding() for the -PLUS
//     methods (raw bytes; base64 them for GNU SASL's GSASL_CB_TLS_UNIQUE/EXPORTER).
//  8. After QUIT: (void)tls->Close() (close_notify), then let both transports go.

#include <memory>

#include "net/fd_transport.hpp"
#include "net/gnutls_library.hpp"
#include "net/tls_options.hpp"
#include "net/tls_transport.hpp"
#include "util/result.hpp"

namespace mpop::net {

struct TlsCredentials;

class TlsContext {
 public:
  // Loads everything options name. Errors:
  //   kNoInput  "cannot read TLS trust file F: No such file or directory"
  //             "TLS trust file F contains no certificates" (likewise "TLS CRL file F")
  //             "cannot load the system's trusted CAs: ..."
  //             "cannot load TLS client certificate C with key K: <reason>"
  //   kConfig   "invalid TLS priority string 'S': error at position N ('BAD-PART')"
  //             "invalid fingerprint '...': ..." (from ParseFingerprint)
  //             "tls_key_file and tls_cert_file must be set together"
  //   kNoHost   the host name is not a valid IDN; kSoftware for library failures.
  // A PIN callback error is returned as it is.
  static Result<TlsContext> Create(const GnutlsLibrary& library, const TlsOptions& options);

  // TLS handshake on transport (see TlsTransport for ownership). Errors:
  //   kUnavailable "TLS certificate verification failed: ..." (tls_verify.hpp,
  //                tls_fingerprint.hpp)
  //   kProtocol    "TLS handshake failed: <GnuTLS text>"
  //                "TLS handshake failed: the server sent a fatal alert: <alert name>"
  //                "TLS handshake failed: the server closed the connection"
  //                "TLS handshake failed: the server sent POP3 text ('+OK ...') instead of
  //                 TLS: the server expects STARTTLS (port 110?): set tls_starttls on"
  //   kIoErr       "TLS handshake failed: network read error: the operation timed out"
  Result<std::unique_ptr<TlsTransport>> Start(FdTransport& transport) const;

  TlsVerification verification() const;

 private:
  explicit TlsContext(std::shared_ptr<TlsCredentials> credentials)
      : credentials_(std::move(credentials)) {}
  std::shared_ptr<TlsCredentials> credentials_;
};

// TlsContext::Create(library, options) then Start(transport).
Result<std::unique_ptr<TlsTransport>> StartTls(const GnutlsLibrary& library, FdTransport& transport,
                                               const TlsOptions& options);

}  // namespace mpop::net
