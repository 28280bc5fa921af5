#pragma once
// TlsServerContext: the server side of TLS (mpopd's STLS and implicit TLS). The certificate
// and key are loaded once, at start-up, so a bad file is a start-up error; Start() then runs
// the server handshake on each accepted connection and returns a TlsTransport, the same
// class the client uses (push/pull, timeouts, full duplex, close_notify), in server mode.
//
// Thread safety: one context serves all session threads at once; its credentials are only
// read after Create().

#include <memory>
#include <string>

#include "net/fd_transport.hpp"
#include "net/gnutls_library.hpp"
#include "net/tls_transport.hpp"
#include "util/result.hpp"

namespace mpop::net {

struct TlsCredentials;

class TlsServerContext {
 public:
  // Loads a PEM certificate (chain) and its private key, with GnuTLS's default priorities.
  // Errors:
  //   kNoInput  "cannot load TLS certificate C with key K: C: No such file or directory"
  //             "cannot load TLS certificate C with key K: <GnuTLS reason>"
  //   kSoftware "cannot initialize TLS: <GnuTLS reason>"
  static Result<TlsServerContext> Create(const GnutlsLibrary& library, const std::string& cert_file,
                                         const std::string& key_file);

  // The server handshake on transport (borrowed, as for TlsTransport); its idle timeout
  // and abort signal apply, so a silent client cannot hold the session. Errors:
  //   kProtocol "TLS handshake failed: <GnuTLS text>"
  //             "TLS handshake failed: the client closed the connection"
  //             "TLS handshake failed: the client sent a fatal alert: <alert name>"
  //             "TLS handshake failed: the client sent text ('CAPA') instead of TLS"
  //   kIoErr    "TLS handshake failed: network read error: the operation timed out"
  Result<std::unique_ptr<TlsTransport>> Start(FdTransport& transport) const;

 private:
  explicit TlsServerContext(std::shared_ptr<TlsCredentials> credentials)
      : credentials_(std::move(credentials)) {}
  std::shared_ptr<TlsCredentials> credentials_;
};

}  // namespace mpop::net
