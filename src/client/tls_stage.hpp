#pragma once
// TLS for a session (manual chapter 4, doc/COMPAT.md 5 and 1.1 step 6): the context with the
// account's trust, CRL, fingerprint, client certificate and priorities, loaded before
// connecting; TLS from the first byte (tls_starttls off) or after STLS.

#include <memory>
#include <optional>

#include "client/session_context.hpp"
#include "net/fd_transport.hpp"
#include "net/gnutls_library.hpp"
#include "net/tls_context.hpp"
#include "net/tls_transport.hpp"
#include "pop3/capabilities.hpp"
#include "pop3/session.hpp"
#include "util/result.hpp"

namespace mpop::client {

// Owns what a TLS session needs; empty for accounts without `tls on`.
class TlsStage {
 public:
  // Loads the account's TLS files (errors EX_NOINPUT etc. before any connection).
  static Result<TlsStage> Prepare(const SessionContext& context);

  bool enabled() const { return context_.has_value(); }
  bool from_start() const;  // tls on + tls_starttls off: TLS before the greeting
  net::TlsTransport* transport() const { return transport_.get(); }

  // The handshake on the plain connection; prints the certcheck warning and, with
  // --debug, the session and certificate information.
  Status Start(const SessionContext& context, net::FdTransport& plain);

  // STLS: refused when CAPA worked and did not offer it; after the handshake the session
  // continues on TLS. The caller must forget what it learned before (ask CAPA again).
  Status Starttls(const SessionContext& context, pop3::Session& session,
                  const pop3::Capabilities& capabilities, net::FdTransport& plain);

  // The TLS block of --serverinfo (doc/COMPAT.md 5), empty without TLS.
  std::string InfoBlock() const;

 private:
  TlsStage() = default;

  const config::Account* account_ = nullptr;
  std::optional<net::GnutlsLibrary> library_;
  std::optional<net::TlsContext> context_;
  std::unique_ptr<net::TlsTransport> transport_;
};

}  // namespace mpop::client
