#pragma once
// Shared pieces of the TLS unit tests: one set of test certificates per test program, a
// socketpair with our client on one end, and a TLS server thread on the other.

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <gtest/gtest.h>
#include <sys/socket.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "net/fd_transport.hpp"
#include "net/gnutls_library.hpp"
#include "net/tls_context.hpp"
#include "support/tls_certs.hpp"
#include "support/tls_server.hpp"

namespace mpop::net::testing {

using mpop::testing::TestCertificates;
using mpop::testing::TlsServerEnd;
using mpop::testing::TlsServerOptions;

class TlsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    library_ = new GnutlsLibrary(std::move(GnutlsLibrary::Init().value()));
    certs_ = new TestCertificates();
  }
  static void TearDownTestSuite() {
    delete certs_;
    delete library_;
  }

  static TlsServerOptions Server(const std::string& name) {
    return {.cert_file = certs_->Path(name + ".crt"), .key_file = certs_->Path(name + ".key")};
  }
  static TlsOptions TrustCa() {
    TlsOptions options;
    options.host = "localhost";
    options.trust_file = certs_->Path("ca.crt");
    return options;
  }
  // The DER bytes of a certificate file.
  static std::string Der(const std::string& name) {
    std::string pem = certs_->Read(name + ".crt");
    gnutls_datum_t in{reinterpret_cast<unsigned char*>(pem.data()),
                      static_cast<unsigned int>(pem.size())};
    gnutls_datum_t out{};
    EXPECT_EQ(gnutls_pem_base64_decode2("CERTIFICATE", &in, &out), 0);
    std::string der(reinterpret_cast<char*>(out.data), out.size);
    gnutls_free(out.data);
    return der;
  }

  static GnutlsLibrary* library_;
  static TestCertificates* certs_;
};

inline GnutlsLibrary* TlsTest::library_ = nullptr;
inline TestCertificates* TlsTest::certs_ = nullptr;

// A connected socketpair: an FdTransport for our client and the server's socket.
struct SocketPair {
  std::unique_ptr<FdTransport> client;
  UniqueFd server;
};

inline SocketPair MakeSocketPair(std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
  int fds[2];
  EXPECT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
  return {std::make_unique<FdTransport>(UniqueFd(fds[0]), timeout), UniqueFd(fds[1])};
}

// Runs a TLS server on fd in a thread: handshake, then `after` (if the handshake worked).
// Join() returns the handshake's error text ("" on success). The destructor shuts the
// server's socket down first, so a server still waiting for the client ends.
class ServerThread {
 public:
  using After = std::function<void(TlsServerEnd&)>;
  ServerThread(UniqueFd fd, TlsServerOptions options, After after = nullptr)
      : socket_(std::move(fd)),
        thread_([this, options, after, server_fd = UniqueFd(::dup(socket_.get()))]() mutable {
          Serve(std::move(server_fd), options, after);
          ::shutdown(socket_.get(), SHUT_RDWR);  // the client sees the end of the stream
        }) {}
  ~ServerThread() {
    ::shutdown(socket_.get(), SHUT_RDWR);
    Join();
  }
  const std::string& Join() {
    if (thread_.joinable()) thread_.join();
    return error_;
  }

 private:
  void Serve(UniqueFd fd, const TlsServerOptions& options, const After& after) {
    auto end = TlsServerEnd::Create(std::move(fd), options);
    if (!end) {
      error_ = end.error().message;
      return;
    }
    if (Status shaken = (*end)->Handshake(); !shaken) {
      error_ = shaken.error().message;
      return;
    }
    if (after) after(**end);
  }

  UniqueFd socket_;  // kept to shut the connection down; the thread uses a duplicate
  std::string error_;
  std::thread thread_;
};

}  // namespace mpop::net::testing
