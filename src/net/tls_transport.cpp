#include "net/tls_transport.hpp"

#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cassert>
#include <cerrno>
#include <cstring>
#include <utility>

#include "net/gnutls_handles.hpp"
#include "net/poll_fd.hpp"
#include "net/tls_credentials.hpp"
#include "net/tls_fingerprint.hpp"
#include "net/tls_mismatch.hpp"
#include "net/tls_verify.hpp"
#include "util/i18n.hpp"

namespace mpop::net {
namespace {

// The largest TLS record payload: WriteSome encrypts at most this much per call.
constexpr std::size_t kMaxRecordPayload = 16384;
// Enough of the server's first bytes to quote its greeting line in a mismatch message.
constexpr std::size_t kFirstBytesKept = 64;

Error NetworkError(std::string_view direction, std::string_view what) {
  return StreamError("network", direction, what);
}

std::string_view DirectionOf(short events) { return (events & POLLOUT) ? "write" : "read"; }

PeerCertificateSummary SummarizePeer(const GnutlsApi& api, gnutls_session_t session) {
  PeerCertificateSummary summary;
  unsigned int count = 0;
  const gnutls_datum_t* peers = api.certificate_get_peers(session, &count);
  if (peers == nullptr || count == 0) return summary;
  gnutls_x509_crt_t raw = nullptr;
  if (api.x509_crt_init(&raw) < 0) return summary;
  const X509Certificate crt(raw, X509CertificateDeinit{&api});
  if (api.x509_crt_import(crt.get(), &peers[0], GNUTLS_X509_FMT_DER) < 0) return summary;
  gnutls_datum_t issuer{};
  gnutls_datum_t subject{};
  const int issuer_rc = api.x509_crt_get_issuer_dn3(crt.get(), &issuer, GNUTLS_X509_DN_FLAG_COMPAT);
  const GnutlsMemory issuer_data(issuer.data, GnutlsFree{&api});
  if (issuer_rc < 0) return summary;
  const int subject_rc = api.x509_crt_get_dn3(crt.get(), &subject, GNUTLS_X509_DN_FLAG_COMPAT);
  const GnutlsMemory subject_data(subject.data, GnutlsFree{&api});
  if (subject_rc < 0) return summary;
  summary.known = true;
  summary.issuer_dn.assign(reinterpret_cast<const char*>(issuer.data), issuer.size);
  summary.self_signed =
      issuer.size == subject.size && std::memcmp(issuer.data, subject.data, issuer.size) == 0;
  return summary;
}

}  // namespace

void TlsTransport::SessionDeleter::operator()(gnutls_session_int* session) const {
  api->deinit(session);
}

TlsTransport::TlsTransport(FdTransport& lower, std::shared_ptr<TlsCredentials> credentials)
    : lower_(lower),
      credentials_(std::move(credentials)),
      api_(*credentials_->api),
      session_(nullptr, SessionDeleter{&api_}) {}

TlsTransport::~TlsTransport() = default;

ssize_t TlsTransport::Push(void* self_pointer, const void* data, std::size_t size) {
  auto* self = static_cast<TlsTransport*>(self_pointer);
  ssize_t n = ::send(self->lower_.fd(), data, size, MSG_NOSIGNAL);
  if (n < 0) {
    self->last_errno_ = errno;
    self->api_.transport_set_errno(self->session_.get(), errno);
  }
  return n;
}

ssize_t TlsTransport::Pull(void* self_pointer, void* data, std::size_t size) {
  auto* self = static_cast<TlsTransport*>(self_pointer);
  ssize_t n = ::recv(self->lower_.fd(), data, size, 0);
  if (n < 0) {
    self->last_errno_ = errno;
    self->api_.transport_set_errno(self->session_.get(), errno);
  } else if (!self->handshake_done_ && self->first_bytes_.size() < kFirstBytesKept) {
    std::size_t keep = std::min<std::size_t>(n, kFirstBytesKept - self->first_bytes_.size());
    self->first_bytes_.append(static_cast<const char*>(data), keep);
  }
  return n;
}

int TlsTransport::PullTimeout(void* self_pointer, unsigned int milliseconds) {
  // Not used with GNUTLS_NONBLOCK, but GnuTLS asks for it with custom pull functions.
  auto* self = static_cast<TlsTransport*>(self_pointer);
  pollfd entry{self->lower_.fd(), POLLIN, 0};
  int timeout = milliseconds == GNUTLS_INDEFINITE_TIMEOUT ? -1 : static_cast<int>(milliseconds);
  return ::poll(&entry, 1, timeout);
}

Status TlsTransport::WaitFd(short events) {
  // Ready: the following send/recv reports errors and hang-ups itself.
  return WaitStatus(PollFd(lower_.fd(), events, lower_.timeout(), lower_.abort()), "network",
                    DirectionOf(events));
}

Status TlsTransport::Open() {
  const TlsCredentials& credentials = *credentials_;
  gnutls_session_t session = nullptr;
  int rc = api_.init(&session, (credentials.server ? GNUTLS_SERVER : GNUTLS_CLIENT) |
                                   GNUTLS_NONBLOCK | GNUTLS_NO_SIGNAL);
  if (rc < 0)
    return Error::Software(TrFormat("cannot initialize TLS session: {}", api_.strerror(rc)));
  session_.reset(session);
  rc = credentials.priorities != nullptr ? api_.priority_set(session, credentials.priorities)
                                         : api_.set_default_priority(session);
  if (rc >= 0) rc = api_.credentials_set(session, GNUTLS_CRD_CERTIFICATE, credentials.certificate);
  // SNI is always sent, even for an address (doc/COMPAT.md 5). The server sends none.
  if (rc >= 0 && !credentials.server && !credentials.host.empty()) {
    rc = api_.server_name_set(session, GNUTLS_NAME_DNS, credentials.host.data(),
                              credentials.host.size());
  }
  if (rc >= 0 && !credentials.server && credentials.verification == TlsVerification::kTrust) {
    api_.session_set_verify_cert(session, credentials.host.c_str(), 0);
    rc = api_.ocsp_status_request_enable_client(session, nullptr, 0, nullptr);
  }
  if (rc < 0)
    return Error::Software(TrFormat("cannot initialize TLS session: {}", api_.strerror(rc)));
  if (credentials.min_dh_prime_bits >= 0) {
    api_.dh_set_prime_bits(session, static_cast<unsigned int>(credentials.min_dh_prime_bits));
  }
  // Our idle timeout governs; GnuTLS's own limit on the whole handshake would not restart.
  api_.handshake_set_timeout(session, 0);
  api_.transport_set_ptr(session, this);
  api_.transport_set_push_function(session, Push);
  api_.transport_set_pull_function(session, Pull);
  api_.transport_set_pull_timeout_function(session, PullTimeout);
  MPOP_TRY(Handshake());
  handshake_done_ = true;
  if (credentials.verification == TlsVerification::kFingerprint) MPOP_TRY(CheckFingerprint());
  return {};
}

Status TlsTransport::Handshake() {
  for (;;) {
    int rc = api_.handshake(session_.get());
    if (rc == GNUTLS_E_SUCCESS) return {};
    if (rc == GNUTLS_E_AGAIN || rc == GNUTLS_E_INTERRUPTED) {
      short events = api_.record_get_direction(session_.get()) == 1 ? POLLOUT : POLLIN;
      if (Status waited = WaitFd(events); !waited) {
        return Error::IoErr(TrFormat("TLS handshake failed: {}", waited.error().message));
      }
      continue;
    }
    if (api_.error_is_fatal(rc) == 0) continue;  // a warning alert
    return HandshakeError(rc);
  }
}

Error TlsTransport::HandshakeError(int rc) {
  if (credentials_->server) return ClientHandshakeError(rc);
  gnutls_session_t session = session_.get();
  if (rc == GNUTLS_E_CERTIFICATE_VERIFICATION_ERROR) {
    return CertificateStatusError(api_.session_get_verify_cert_status(session),
                                  SummarizePeer(api_, session), credentials_->host);
  }
  if (credentials_->pin_error) return *credentials_->pin_error;
  // A plain-text server: take what else of its first line has arrived, to quote it. A server
  // that already hung up may have failed our hello's write before GnuTLS read anything, so
  // look even when nothing was read yet.
  if (first_bytes_.size() < kFirstBytesKept) {
    char more[kFirstBytesKept];
    ssize_t n = ::recv(lower_.fd(), more, kFirstBytesKept - first_bytes_.size(), MSG_DONTWAIT);
    if (n > 0) first_bytes_.append(more, static_cast<std::size_t>(n));
  }
  switch (ClassifyFirstBytes(first_bytes_)) {
    case FirstBytes::kPop3Reply:
      return Error::Protocol(
          TrFormat("TLS handshake failed: the server sent POP3 text ('{}') instead of TLS: {}",
                   PrintableExcerpt(first_bytes_), StarttlsExpectedHint()));
    case FirstBytes::kOtherText:
      return Error::Protocol(
          TrFormat("TLS handshake failed: the server sent text ('{}') instead of TLS",
                   PrintableExcerpt(first_bytes_)));
    case FirstBytes::kTlsRecord:
    case FirstBytes::kUnknown:
      break;
  }
  return PeerHandshakeError(rc, "server", /*premature_is_close=*/first_bytes_.empty());
}

Error TlsTransport::ClientHandshakeError(int rc) const {
  // The server end: the peer is a client, and mismatch hints about ports are not ours.
  const FirstBytes first = ClassifyFirstBytes(first_bytes_);
  if (first == FirstBytes::kOtherText || first == FirstBytes::kPop3Reply) {
    return Error::Protocol(
        TrFormat("TLS handshake failed: the client sent text ('{}') instead of TLS",
                 PrintableExcerpt(first_bytes_)));
  }
  return PeerHandshakeError(rc, "client", /*premature_is_close=*/true);
}

Error TlsTransport::PeerHandshakeError(int rc, std::string_view peer,
                                       bool premature_is_close) const {
  const std::string failed = "TLS handshake failed: ";
  const bool io_error = rc == GNUTLS_E_PUSH_ERROR || rc == GNUTLS_E_PULL_ERROR;
  const bool closed_by_peer = (io_error && (last_errno_ == EPIPE || last_errno_ == ECONNRESET)) ||
                              (premature_is_close && rc == GNUTLS_E_PREMATURE_TERMINATION) ||
                              (first_bytes_.empty() && rc == GNUTLS_E_UNEXPECTED_PACKET_LENGTH);
  if (closed_by_peer) {
    return Error::Protocol(TrFormat("{}the {} closed the connection", failed, peer));
  }
  if (io_error) {
    return Error::IoErr(
        failed +
        NetworkError(rc == GNUTLS_E_PUSH_ERROR ? "write" : "read", ErrnoText(last_errno_)).message);
  }
  if (rc == GNUTLS_E_FATAL_ALERT_RECEIVED) {
    const char* name = api_.alert_get_name(api_.alert_get(session_.get()));
    return Error::Protocol(TrFormat("{}the {} sent a fatal alert: {}", failed, peer,
                                    (name != nullptr ? name : "unknown")));
  }
  return Error::Protocol(failed + api_.strerror(rc));
}

Status TlsTransport::CheckFingerprint() {
  unsigned int count = 0;
  const gnutls_datum_t* peers = api_.certificate_get_peers(session_.get(), &count);
  if (peers == nullptr || count == 0) {
    return Error::Unavailable(
        Tr("TLS certificate verification failed: the server sent no certificate"));
  }
  std::string_view der(reinterpret_cast<const char*>(peers[0].data), peers[0].size);
  Status checked = net::CheckFingerprint(der, credentials_->fingerprint);
  if (!checked) {
    // Best effort: tell the server why we leave; the error is what matters.
    api_.alert_send(session_.get(), GNUTLS_AL_FATAL, GNUTLS_A_BAD_CERTIFICATE);
  }
  return checked;
}

Error TlsTransport::RecordError(int rc, std::string_view direction) const {
  if (rc == GNUTLS_E_PUSH_ERROR || rc == GNUTLS_E_PULL_ERROR) {
    return NetworkError(direction, ErrnoText(last_errno_));
  }
  return Error::IoErr(TrFormat("TLS {} error: {}", direction, api_.strerror(rc)));
}

Result<std::size_t> TlsTransport::ReadSome(std::span<char> buffer) {
  assert(!buffer.empty());
  if (inbox_pos_ < inbox_.size()) {
    std::size_t n = std::min(buffer.size(), inbox_.size() - inbox_pos_);
    std::memcpy(buffer.data(), inbox_.data() + inbox_pos_, n);
    inbox_pos_ += n;
    if (inbox_pos_ == inbox_.size()) {
      inbox_.clear();
      inbox_pos_ = 0;
    }
    return n;
  }
  if (pending_error_) return *pending_error_;
  if (pending_eof_) return std::size_t{0};
  for (;;) {
    ssize_t rc = api_.record_recv(session_.get(), buffer.data(), buffer.size());
    if (rc > 0) return static_cast<std::size_t>(rc);
    if (rc == 0 || rc == GNUTLS_E_PREMATURE_TERMINATION) {
      pending_eof_ = true;
      return std::size_t{0};
    }
    if (rc == GNUTLS_E_AGAIN || rc == GNUTLS_E_INTERRUPTED) {
      MPOP_TRY(WaitFd(api_.record_get_direction(session_.get()) == 1 ? POLLOUT : POLLIN));
      continue;
    }
    // Warning alerts and (TLS 1.2) renegotiation requests: not ours to act on.
    if (api_.error_is_fatal(static_cast<int>(rc)) == 0) continue;
    pending_error_ = RecordError(static_cast<int>(rc), "read");
    return *pending_error_;
  }
}

Status TlsTransport::FillInbox() {
  assert(inbox_pos_ == inbox_.size());
  inbox_.resize(kMaxRecordPayload);
  inbox_pos_ = 0;
  ssize_t rc = api_.record_recv(session_.get(), inbox_.data(), inbox_.size());
  inbox_.resize(rc > 0 ? static_cast<std::size_t>(rc) : 0);
  if (rc > 0 || rc == GNUTLS_E_AGAIN || rc == GNUTLS_E_INTERRUPTED) return {};
  if (rc == 0 || rc == GNUTLS_E_PREMATURE_TERMINATION) {
    pending_eof_ = true;
  } else if (api_.error_is_fatal(static_cast<int>(rc)) != 0) {
    pending_error_ = RecordError(static_cast<int>(rc), "read");
  }
  return {};
}

Result<Readiness> TlsTransport::Wait(bool want_write) {
  for (;;) {
    bool readable = inbox_pos_ < inbox_.size() || pending_eof_ || pending_error_ ||
                    api_.record_check_pending(session_.get()) > 0;
    short events = POLLIN;
    if (want_write) events |= POLLOUT;
    std::optional<std::chrono::milliseconds> timeout = lower_.timeout();
    if (readable) timeout = std::chrono::milliseconds(0);  // only ask about writing
    PollOutcome outcome = PollFd(lower_.fd(), events, timeout, lower_.abort());
    if (outcome.status == PollStatus::kTimedOut && readable) return Readiness{true, false};
    MPOP_TRY(WaitStatus(outcome, "network", "read"));
    const short trouble = POLLERR | POLLHUP;
    Readiness ready;
    ready.writable = want_write && (outcome.revents & (POLLOUT | trouble)) != 0;
    if (!readable && (outcome.revents & (POLLIN | trouble)) != 0) {
      // Decrypt now: the bytes may be a record without application data (a TLS 1.3
      // session ticket) or part of a record, and then ReadSome() would block.
      MPOP_TRY(FillInbox());
      readable = inbox_pos_ < inbox_.size() || pending_eof_ || pending_error_ ||
                 api_.record_check_pending(session_.get()) > 0;
    }
    ready.readable = readable;
    if (ready.readable || ready.writable) return ready;
  }
}

Result<std::size_t> TlsTransport::WriteSome(std::string_view bytes) {
  assert(!bytes.empty());
  std::size_t size = std::min(bytes.size(), kMaxRecordPayload);
  for (;;) {
    // After GNUTLS_E_AGAIN GnuTLS wants the same arguments again; it keeps the encrypted
    // record and sends the rest of it.
    ssize_t rc = api_.record_send(session_.get(), bytes.data(), size);
    if (rc > 0) return static_cast<std::size_t>(rc);
    if (rc == GNUTLS_E_AGAIN || rc == GNUTLS_E_INTERRUPTED) {
      MPOP_TRY(WaitFd(api_.record_get_direction(session_.get()) == 1 ? POLLOUT : POLLIN));
      continue;
    }
    return RecordError(static_cast<int>(rc), "write");
  }
}

std::size_t TlsTransport::Buffered() const {
  return (inbox_.size() - inbox_pos_) + api_.record_check_pending(session_.get());
}

Status TlsTransport::Close() {
  for (;;) {
    int rc = api_.bye(session_.get(), GNUTLS_SHUT_WR);
    if (rc == GNUTLS_E_SUCCESS) return {};
    if (rc == GNUTLS_E_AGAIN || rc == GNUTLS_E_INTERRUPTED) {
      MPOP_TRY(WaitFd(POLLOUT));
      continue;
    }
    return RecordError(rc, "write");
  }
}

TlsVerification TlsTransport::verification() const { return credentials_->verification; }

Result<TlsInfo> TlsTransport::Info() const { return ReadTlsInfo(api_, session_.get()); }

std::optional<ChannelBinding> TlsTransport::channel_binding() const {
  bool tls13 = api_.protocol_get_version(session_.get()) == GNUTLS_TLS1_3;
  ChannelBinding binding;
  binding.type = tls13 ? ChannelBindingType::kTlsExporter : ChannelBindingType::kTlsUnique;
  gnutls_datum_t data{};
  int rc = api_.session_channel_binding(
      session_.get(), tls13 ? GNUTLS_CB_TLS_EXPORTER : GNUTLS_CB_TLS_UNIQUE, &data);
  const GnutlsMemory owned(data.data, GnutlsFree{&api_});
  if (rc < 0) return std::nullopt;
  binding.data.assign(reinterpret_cast<const char*>(data.data), data.size);
  return binding;
}

std::string TlsTransport::protocol_version() const {
  const char* name = api_.protocol_get_name(api_.protocol_get_version(session_.get()));
  return name != nullptr ? name : "unknown";
}

}  // namespace mpop::net
