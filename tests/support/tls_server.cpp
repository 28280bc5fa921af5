#include "support/tls_server.hpp"

#include <fcntl.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <sys/socket.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "support/loopback.hpp"

namespace mpop::testing {
namespace {

gnutls_certificate_credentials_t Credentials(void* pointer) {
  return static_cast<gnutls_certificate_credentials_t>(pointer);
}

Error ServerError(std::string_view what, int rc) {
  return Error::Software(std::string(what) + ": " + gnutls_strerror(rc));
}

// One plain-text line from a socket, byte by byte so nothing after it is consumed (the
// client's TLS hello must stay in the socket for the handshake).
std::optional<std::string> ReadPlainLine(int fd) {
  std::string line;
  char c;
  for (;;) {
    ssize_t n = ::recv(fd, &c, 1, 0);
    if (n <= 0) return line.empty() ? std::nullopt : std::optional<std::string>(line);
    line += c;
    if (c == '\n') return line;
  }
}

void WritePlain(int fd, std::string_view bytes) { SendAll(fd, bytes); }

std::string Chomp(std::string line) {
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
  return line;
}

}  // namespace

Result<std::unique_ptr<TlsServerEnd>> TlsServerEnd::Create(UniqueFd fd,
                                                           const TlsServerOptions& options) {
  std::unique_ptr<TlsServerEnd> end(new TlsServerEnd());
  int flags = ::fcntl(fd.get(), F_GETFL);
  ::fcntl(fd.get(), F_SETFL, flags & ~O_NONBLOCK);
  end->fd_ = std::move(fd);
  gnutls_certificate_credentials_t credentials = nullptr;
  if (int rc = gnutls_certificate_allocate_credentials(&credentials); rc < 0) {
    return ServerError("credentials", rc);
  }
  end->credentials_ = credentials;
  // Tests staple revoked responses too; a real server would refuse to.
  gnutls_certificate_set_flags(credentials, GNUTLS_CERTIFICATE_SKIP_OCSP_RESPONSE_CHECK);
  if (int rc = gnutls_certificate_set_x509_key_file(credentials, options.cert_file.c_str(),
                                                    options.key_file.c_str(), GNUTLS_X509_FMT_PEM);
      rc < 0) {
    return ServerError("server key " + options.key_file, rc);
  }
  if (!options.ocsp_response_file.empty()) {
    if (int rc = gnutls_certificate_set_ocsp_status_request_file(
            credentials, options.ocsp_response_file.c_str(), 0);
        rc < 0) {
      return ServerError("OCSP response " + options.ocsp_response_file, rc);
    }
  }
  if (!options.client_ca_file.empty()) {
    if (int rc = gnutls_certificate_set_x509_trust_file(credentials, options.client_ca_file.c_str(),
                                                        GNUTLS_X509_FMT_PEM);
        rc < 0) {
      return ServerError("client CA", rc);
    }
  }
  if (int rc = gnutls_init(&end->session_, GNUTLS_SERVER | GNUTLS_NO_SIGNAL); rc < 0) {
    return ServerError("gnutls_init", rc);
  }
  const char* error_at = nullptr;
  if (int rc = gnutls_priority_set_direct(end->session_, options.priorities.c_str(), &error_at);
      rc < 0) {
    return ServerError("priorities", rc);
  }
  gnutls_credentials_set(end->session_, GNUTLS_CRD_CERTIFICATE, credentials);
  if (!options.client_ca_file.empty()) {
    gnutls_certificate_server_set_request(end->session_, GNUTLS_CERT_REQUEST);
  }
  gnutls_transport_set_int(end->session_, end->fd_.get());
  gnutls_handshake_set_timeout(end->session_, 10000);
  return end;
}

TlsServerEnd::~TlsServerEnd() {
  if (session_ != nullptr) gnutls_deinit(session_);
  if (credentials_ != nullptr) gnutls_certificate_free_credentials(Credentials(credentials_));
}

Status TlsServerEnd::Handshake() {
  int rc;
  do {
    rc = gnutls_handshake(session_);
  } while (rc < 0 && gnutls_error_is_fatal(rc) == 0);
  if (rc < 0) {
    gnutls_alert_send_appropriate(session_, rc);
    return Error::Protocol(std::string("server handshake: ") + gnutls_strerror(rc));
  }
  return {};
}

Result<std::string> TlsServerEnd::Read(std::size_t max) {
  if (!pending_.empty()) {
    std::string out = pending_.substr(0, max);
    pending_.erase(0, out.size());
    return out;
  }
  std::string buffer(max, '\0');
  for (;;) {
    ssize_t rc = gnutls_record_recv(session_, buffer.data(), buffer.size());
    if (rc >= 0) {
      buffer.resize(static_cast<std::size_t>(rc));
      return buffer;
    }
    if (rc == GNUTLS_E_PREMATURE_TERMINATION) return std::string();
    if (gnutls_error_is_fatal(static_cast<int>(rc)) != 0) {
      return Error::IoErr(std::string("server read: ") + gnutls_strerror(static_cast<int>(rc)));
    }
  }
}

Result<std::string> TlsServerEnd::ReadLine() {
  for (;;) {
    if (std::size_t end = pending_.find('\n'); end != std::string::npos) {
      std::string line = pending_.substr(0, end + 1);
      pending_.erase(0, end + 1);
      return line;
    }
    std::string saved = std::move(pending_);
    pending_.clear();
    Result<std::string> more = Read();
    if (!more) return std::move(more).error();
    if (more->empty()) return saved;
    pending_ = saved + *more;
  }
}

Status TlsServerEnd::Write(std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t rc = gnutls_record_send(session_, bytes.data(), bytes.size());
    if (rc > 0) {
      bytes.remove_prefix(static_cast<std::size_t>(rc));
    } else if (gnutls_error_is_fatal(static_cast<int>(rc)) != 0) {
      return Error::IoErr(std::string("server write: ") + gnutls_strerror(static_cast<int>(rc)));
    }
  }
  return {};
}

void TlsServerEnd::Bye() { gnutls_bye(session_, GNUTLS_SHUT_WR); }

std::string TlsServerEnd::ClientCertificateDn() const {
  unsigned int count = 0;
  const gnutls_datum_t* peers = gnutls_certificate_get_peers(session_, &count);
  if (peers == nullptr || count == 0) return "";
  gnutls_x509_crt_t crt = nullptr;
  gnutls_x509_crt_init(&crt);
  std::string dn;
  if (gnutls_x509_crt_import(crt, &peers[0], GNUTLS_X509_FMT_DER) >= 0) {
    gnutls_datum_t datum{};
    if (gnutls_x509_crt_get_dn3(crt, &datum, 0) >= 0) {
      dn.assign(reinterpret_cast<const char*>(datum.data), datum.size);
      gnutls_free(datum.data);
    }
  }
  gnutls_x509_crt_deinit(crt);
  return dn;
}

std::string TlsServerEnd::ServerName() const {
  char name[256];
  std::size_t size = sizeof name;
  unsigned int type = 0;
  if (gnutls_server_name_get(session_, name, &size, &type, 0) < 0) return "";
  return std::string(name, strnlen(name, size));
}

std::string TlsServerEnd::ProtocolName() const {
  const char* name = gnutls_protocol_get_name(gnutls_protocol_get_version(session_));
  return name != nullptr ? name : "";
}

TlsPop3Server::TlsPop3Server(TlsPop3ServerOptions options) : options_(std::move(options)) {
  Result<UniqueFd> listener = ListenLoopback();
  if (!listener) {
    std::fprintf(stderr, "TlsPop3Server: %s\n", listener.error().message.c_str());
    std::abort();
  }
  listener_ = std::move(*listener);
  port_ = LocalPort(listener_.get());
  thread_ = std::thread([this] { Serve(); });
}

TlsPop3Server::~TlsPop3Server() {
  stopping_ = true;
  // Wakes the blocked accept() (Linux returns EINVAL).
  ::shutdown(listener_.get(), SHUT_RDWR);
  thread_.join();
}

std::vector<std::string> TlsPop3Server::Lines() const {
  std::lock_guard lock(mutex_);
  return lines_;
}

bool TlsPop3Server::WaitForSessions(int count) const {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (sessions_.load() < count) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::yield();
  }
  return true;
}

void TlsPop3Server::Record(std::string line) {
  std::lock_guard lock(mutex_);
  lines_.push_back(std::move(line));
}

void TlsPop3Server::Serve() {
  while (!stopping_) {
    int fd = ::accept(listener_.get(), nullptr, nullptr);
    if (fd < 0) {
      if (errno == EINTR) continue;
      return;
    }
    ServeOne(UniqueFd(fd));
    ++sessions_;
  }
}

void TlsPop3Server::ServeOne(UniqueFd fd) {
  ScriptedServer pop3 = options_.pop3;
  auto without_stls = [](std::vector<std::string> capabilities) {
    std::erase(capabilities, std::string("STLS"));
    return capabilities;
  };
  if (!options_.advertise_stls) pop3.capabilities = without_stls(pop3.capabilities);
  int raw = fd.get();
  if (options_.starttls) {
    WritePlain(raw, pop3.Greeting());
    for (;;) {
      std::optional<std::string> line = ReadPlainLine(raw);
      if (!line) return;
      std::string command = Chomp(*line);
      Record(command);
      if (command == "STLS") {
        WritePlain(raw, options_.stls_reply);
        if (options_.stls_reply.starts_with("+")) break;
        continue;
      }
      WritePlain(raw, pop3.Respond(command));
      if (command == "QUIT") return;
    }
  }
  auto end = TlsServerEnd::Create(std::move(fd), options_.tls);
  if (!end) {
    Record("handshake failed: " + end.error().message);
    return;
  }
  if (Status shaken = (*end)->Handshake(); !shaken) {
    Record("handshake failed: " + shaken.error().message);
    // The client may still send a TLS alert; any plain-text line would be a command sent
    // after the failure (it must send none), so those are recorded.
    while (std::optional<std::string> line = ReadPlainLine((*end)->fd())) {
      std::string text = Chomp(*line);
      if (!text.empty() &&
          std::all_of(text.begin(), text.end(), [](char c) { return c >= 0x20 && c < 0x7f; })) {
        Record("after failed handshake: " + text);
      }
    }
    return;
  }
  pop3.capabilities = without_stls(pop3.capabilities);
  if (!options_.starttls && !(*end)->Write(pop3.Greeting())) return;
  for (;;) {
    Result<std::string> line = (*end)->ReadLine();
    if (!line || line->empty()) return;
    std::string command = Chomp(*line);
    Record("TLS: " + command);
    if (!(*end)->Write(pop3.Respond(command))) return;
    if (command == "QUIT") {
      (*end)->Bye();
      return;
    }
  }
}

}  // namespace mpop::testing
