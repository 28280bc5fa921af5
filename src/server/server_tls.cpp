#include "server/server_tls.hpp"

#include "server/log.hpp"
#include "server/session.hpp"
#include "util/i18n.hpp"

namespace mpop::server {
namespace {

// Tells the log when the handshake has worked.
class LoggingStarter final : public TlsStarter {
 public:
  LoggingStarter(ConnectionTls& tls, Log& log) : tls_(tls), log_(log) {}
  Result<Started> StartTls() override {
    Result<Started> started = tls_.StartTls();
    if (started) log_.Info(TrFormat("TLS started: {}", tls_.protocol()));
    return started;
  }

 private:
  ConnectionTls& tls_;
  Log& log_;
};

}  // namespace

Result<TlsStarter::Started> ConnectionTls::StartTls() {
  Result<std::unique_ptr<net::TlsTransport>> tls = context_.Start(socket_);
  if (!tls) return std::move(tls).error();
  tls_ = std::move(*tls);
  return Started{tls_.get(), tls_->channel_binding()};
}

void ConnectionTls::Close() {
  if (tls_) (void)tls_->Close();
}

std::string ConnectionTls::protocol() const { return tls_ ? tls_->protocol_version() : ""; }

ConnectionOutcome ServeSocket(net::FdTransport& socket, Session& session, const ServerTls& tls,
                              Log& log) {
  if (tls.context == nullptr) return RunConnection(socket, session);
  ConnectionTls connection_tls(*tls.context, socket);
  LoggingStarter starter(connection_tls, log);
  ConnectionOutcome outcome;
  if (tls.implicit) {
    Result<TlsStarter::Started> started = starter.StartTls();
    if (!started) return {ConnectionEnd::kTlsFailed, started.error().message};
    session.TlsStarted(std::move(started->binding));
    outcome = RunConnection(*started->transport, session);
  } else {
    session.OfferTls();
    outcome = RunConnection(socket, session, kMaxCommandLine, &starter);
  }
  if (outcome.end == ConnectionEnd::kQuit) connection_tls.Close();
  return outcome;
}

}  // namespace mpop::server
