#pragma once
// TlsServerEnd: the server side of a TLS connection for tests, with blocking GnuTLS I/O on
// a socket the test owns (one end of a socketpair() or an accepted TCP connection). Run it
// in a thread; reading and writing may happen from two threads at once (GnuTLS allows one
// sender and one receiver per session).
//
// TlsPop3Server: a POP3 server on 127.0.0.1 port 0 speaking STARTTLS or TLS from the start,
// answering with a ScriptedServer after the handshake; it records every line it received,
// before and after TLS, so tests can prove what crossed the connection.

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "support/scripted_server.hpp"
#include "util/result.hpp"
#include "util/unique_fd.hpp"

struct gnutls_session_int;

namespace mpop::testing {

struct TlsServerOptions {
  std::string cert_file;  // PEM
  std::string key_file;
  std::string priorities = "NORMAL";  // e.g. "NORMAL:-VERS-TLS1.3" for TLS 1.2
  // Ask for a client certificate (not required) and trust this CA for it; "" = don't ask.
  std::string client_ca_file{};
  // A DER OCSP response to staple (served even when it says "revoked"); "" = none.
  std::string ocsp_response_file{};
};

class TlsServerEnd {
 public:
  // Takes the socket (set to blocking). Errors: kSoftware with GnuTLS's reason.
  static Result<std::unique_ptr<TlsServerEnd>> Create(UniqueFd fd, const TlsServerOptions& options);
  ~TlsServerEnd();
  TlsServerEnd(const TlsServerEnd&) = delete;
  TlsServerEnd& operator=(const TlsServerEnd&) = delete;

  // Errors: kProtocol "server handshake: <GnuTLS text>".
  Status Handshake();
  // Up to max bytes; "" at end of stream. Errors: kIoErr.
  Result<std::string> Read(std::size_t max = 65536);
  // One line including "\n" (or what came before end of stream).
  Result<std::string> ReadLine();
  Status Write(std::string_view bytes);
  void Bye();  // close_notify, errors ignored
  // The DN of the client certificate, "" if none was sent.
  std::string ClientCertificateDn() const;
  std::string ProtocolName() const;
  // The SNI host name the client sent, "" if none.
  std::string ServerName() const;
  gnutls_session_int* session() const { return session_; }
  int fd() const { return fd_.get(); }

 private:
  TlsServerEnd() = default;
  UniqueFd fd_;
  void* credentials_ = nullptr;  // gnutls_certificate_credentials_t
  gnutls_session_int* session_ = nullptr;
  std::string pending_;  // read beyond the last line
};

struct TlsPop3ServerOptions {
  TlsServerOptions tls;
  bool starttls = true;  // false: TLS from the first byte (pop3s)
  // The reply to STLS, sent raw ("+OK Begin TLS\r\n" by default); bytes after the first
  // line are "injected" plaintext.
  std::string stls_reply = "+OK Begin TLS negotiation\r\n";
  ScriptedServer pop3{};  // answers every other command, before and after TLS
  // false: CAPA is answered without the STLS line.
  bool advertise_stls = true;
};

class TlsPop3Server {
 public:
  // Listens on 127.0.0.1:0 and serves connections one after another in a thread, until
  // destroyed. Aborts the test on socket errors.
  explicit TlsPop3Server(TlsPop3ServerOptions options);
  ~TlsPop3Server();
  TlsPop3Server(const TlsPop3Server&) = delete;
  TlsPop3Server& operator=(const TlsPop3Server&) = delete;

  int port() const { return port_; }
  // Every line received, without line end; lines received inside TLS are prefixed with
  // "TLS: ". A failed server handshake adds "handshake failed: <reason>".
  std::vector<std::string> Lines() const;
  // Waits until a connection has been served completely (the client closed), up to 10 s.
  bool WaitForSessions(int count) const;

 private:
  void Serve();
  void ServeOne(UniqueFd fd);
  void Record(std::string line);

  TlsPop3ServerOptions options_;
  UniqueFd listener_;
  int port_ = 0;
  mutable std::mutex mutex_;
  std::vector<std::string> lines_;
  std::atomic<int> sessions_{0};
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace mpop::testing
