#pragma once
// TlsTransport: a Transport that runs TLS over an FdTransport (TCP, SOCKS-tunnelled TCP or a
// unix socket alike). Made by TlsContext::Start() (or StartTls()), which also does the
// handshake and the certificate checks; once you have one, the server is verified as
// TlsOptions asked. TlsServerContext::Start() makes the server end of a connection
// (mpopd): the same transport, with GNUTLS_SERVER and no peer checks.
//
// Ownership: the FdTransport is borrowed. It must outlive this object, and must not be
// read or written directly while this object exists (TLS records would be torn apart).
// Its timeout and abort signal apply to every operation here, the handshake included: a
// silent peer ends in "network read error: the operation timed out", never a hang.
//
// Full duplex: the socket is driven non-blocking. Wait() reports readable only when
// decrypted application data, end of stream or an error is ready (records that carry no
// data, like TLS 1.3 session tickets, are consumed inside Wait()), so the pipelining engine
// never blocks in ReadSome() on a socket that only looked readable. WriteSome() encrypts at
// most one record (16 KiB of plaintext) and returns once it is sent.
//
// Errors of ReadSome/WriteSome/Wait are kIoErr: "network read error: <strerror or time-out>",
// "TLS read error: <GnuTLS text>" and the same for write. A peer that closes without
// close_notify reads as end of stream: POP3 has its own end markers.

#include <sys/types.h>

#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "net/fd_transport.hpp"
#include "net/tls_channel_binding.hpp"
#include "net/tls_info.hpp"
#include "net/tls_options.hpp"
#include "util/result.hpp"
#include "util/transport.hpp"

struct gnutls_session_int;

namespace mpop::net {

struct GnutlsApi;
struct TlsCredentials;

class TlsTransport final : public Transport {
 public:
  TlsTransport(const TlsTransport&) = delete;
  TlsTransport& operator=(const TlsTransport&) = delete;
  ~TlsTransport() override;  // frees the session; does not send close_notify (see Close)

  Result<std::size_t> ReadSome(std::span<char> buffer) override;
  Result<std::size_t> WriteSome(std::string_view bytes) override;
  Result<Readiness> Wait(bool want_write) override;
  // Decrypted bytes waiting inside this transport and GnuTLS.
  std::size_t Buffered() const override;

  // Sends close_notify (after QUIT, before closing). Errors: kIoErr; callers that are
  // done anyway may ignore them.
  Status Close();

  // How the server certificate was checked. kNone: the client must warn that the session
  // is not secure (tls_certcheck off). Meaningless for the server end.
  TlsVerification verification() const;

  // Session parameters and server certificate, for --serverinfo and --debug (client end).
  Result<TlsInfo> Info() const;

  // tls-unique on TLS 1.2 and older, tls-exporter on TLS 1.3; nullopt if GnuTLS has none.
  std::optional<ChannelBinding> channel_binding() const;

  // "TLS1.3", "TLS1.2", ...
  std::string protocol_version() const;

 private:
  friend class TlsContext;
  friend class TlsServerContext;
  struct SessionDeleter {
    const GnutlsApi* api;
    void operator()(gnutls_session_int* session) const;
  };

  TlsTransport(FdTransport& lower, std::shared_ptr<TlsCredentials> credentials);

  // Creates the session and runs the handshake and the checks of TlsCredentials.
  Status Open();
  Status Handshake();
  Error HandshakeError(int rc);
  // The server end's wording: the peer is a client.
  Error ClientHandshakeError(int rc) const;
  // What both ends report once the first bytes told nothing: the peer ("server" or
  // "client") closed the connection, a network error, a fatal alert, or GnuTLS's words.
  // premature_is_close: whether GNUTLS_E_PREMATURE_TERMINATION counts as a close.
  Error PeerHandshakeError(int rc, std::string_view peer, bool premature_is_close) const;
  Status CheckFingerprint();
  // Polls the socket, with the lower transport's timeout and abort signal.
  Status WaitFd(short events);
  // One gnutls_record_recv into inbox_; records end of stream or an error as pending.
  Status FillInbox();
  Error RecordError(int rc, std::string_view direction) const;

  static ssize_t Push(void* self, const void* data, std::size_t size);
  static ssize_t Pull(void* self, void* data, std::size_t size);
  static int PullTimeout(void* self, unsigned int milliseconds);

  FdTransport& lower_;
  std::shared_ptr<TlsCredentials> credentials_;
  const GnutlsApi& api_;  // the library's, through credentials_
  std::unique_ptr<gnutls_session_int, SessionDeleter> session_;
  std::string inbox_;  // application data read ahead by Wait()
  std::size_t inbox_pos_ = 0;
  bool pending_eof_ = false;
  std::optional<Error> pending_error_;
  int last_errno_ = 0;  // of the last failed send/recv
  bool handshake_done_ = false;
  std::string first_bytes_;  // the first bytes the server sent, for mismatch hints
};

}  // namespace mpop::net
