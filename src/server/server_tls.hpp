#pragma once
// TLS on mpopd's connections: how the server is configured (ServerTls), the TLS of one
// accepted connection (ConnectionTls, the TlsStarter RunConnection uses for STLS), and
// ServeSocket(), which runs one session on a socket with TLS as configured:
//   - no TLS: RunConnection as it is;
//   - STLS: the session offers STLS and refuses passwords before it;
//   - implicit (POP3S): the handshake comes first, the greeting goes out inside TLS.
// A session that ends with QUIT inside TLS ends with close_notify.

#include <memory>
#include <string>

#include "net/fd_transport.hpp"
#include "net/tls_server.hpp"
#include "net/tls_transport.hpp"
#include "server/connection.hpp"

namespace mpop::server {

class Log;
class Session;

struct ServerTls {
  const net::TlsServerContext* context = nullptr;  // null: no TLS; outlives the server
  bool implicit = false;                           // TLS from the first byte, else STLS
};

class ConnectionTls final : public TlsStarter {
 public:
  // Both must outlive this object.
  ConnectionTls(const net::TlsServerContext& context, net::FdTransport& socket)
      : context_(context), socket_(socket) {}

  // Errors: TlsServerContext::Start's.
  Result<Started> StartTls() override;
  // close_notify if TLS was started; errors are of no interest when the session is over.
  void Close();
  // "TLS1.3" etc. once started.
  std::string protocol() const;

 private:
  const net::TlsServerContext& context_;
  net::FdTransport& socket_;
  std::unique_ptr<net::TlsTransport> tls_;
};

// One session on socket with TLS as tls says; logs the start of TLS ("TLS started:
// TLS1.3"). A failed handshake is the outcome kTlsFailed with its error text.
ConnectionOutcome ServeSocket(net::FdTransport& socket, Session& session, const ServerTls& tls,
                              Log& log);

}  // namespace mpop::server
