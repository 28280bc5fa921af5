#pragma once
// RunConnection: one POP3 session over a byte stream, from the greeting to the close.
//
// Pipelining (RFC 2449): every complete command line already received is answered, in
// order, before the replies are sent; the buffered replies go out when the input holds no
// further complete line (or when they pass 64 KiB, so a mail is streamed, never held).
// A client may send any number of commands without reading; the memory used stays bounded.
//
// Hostile clients: a line longer than max_line bytes (line end included) gets
// "-ERR line too long" and the connection is closed; silence for the transport's timeout
// (the idle timeout) gets "-ERR [SYS/TEMP] idle timeout, closing connection". Neither
// removes any mail: only QUIT does (server/session.hpp).
//
// STLS (RFC 2595): when the session asks for TLS (Session::Next::kStartTls), the +OK is
// sent, every byte the client sent after the STLS line is thrown away (plaintext an
// attacker may have injected must never be read as commands inside TLS, RFC 3207 6), the
// TlsStarter runs the handshake, and the session goes on over the TLS transport. A failed
// handshake ends the connection (kTlsFailed).

#include <cstddef>
#include <optional>
#include <string>

#include "net/tls_channel_binding.hpp"
#include "util/result.hpp"
#include "util/transport.hpp"

namespace mpop::server {

class Session;

// RFC 2449 allows 255 octets for a command line. We accept four times that (upstream
// accepted 1023 characters): long passwords pass, a flood does not.
inline constexpr std::size_t kMaxCommandLine = 1024;

enum class ConnectionEnd {
  kQuit,          // the client said QUIT (and UPDATE ran if it was in TRANSACTION)
  kClientClosed,  // end of stream without QUIT
  kTimedOut,      // idle timeout
  kLineTooLong,
  kFailed,     // network error, or a mail could not be read mid-reply
  kTlsFailed,  // the TLS handshake after STLS (or before the greeting) failed
};

struct ConnectionOutcome {
  ConnectionEnd end = ConnectionEnd::kFailed;
  std::string detail;  // the error text for kFailed / kTimedOut / kTlsFailed, else empty
};

// The connection's way into TLS after STLS (server/server_tls.hpp; fakes in tests).
class TlsStarter {
 public:
  struct Started {
    Transport* transport = nullptr;  // owned by the starter; used for the rest of the session
    std::optional<net::ChannelBinding> binding;
  };
  virtual ~TlsStarter() = default;
  // The server handshake on the connection's socket. Errors: "TLS handshake failed: ...".
  virtual Result<Started> StartTls() = 0;
};

// tls: null when TLS is not configured (the session then never asks for it).
ConnectionOutcome RunConnection(Transport& transport, Session& session,
                                std::size_t max_line = kMaxCommandLine, TlsStarter* tls = nullptr);

}  // namespace mpop::server
