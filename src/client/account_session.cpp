#include "client/account_session.hpp"

#include <ctime>
#include <memory>

#include "client/debug_trace.hpp"
#include "client/login.hpp"
#include "client/retrieval.hpp"
#include "client/server_info.hpp"
#include "net/connect.hpp"
#include "pop3/session.hpp"

namespace mpop::client {
namespace {

net::ConnectOptions ConnectOptionsFor(const config::Account& account, bool wants_peer_name) {
  net::ConnectOptions options;
  options.host = account.host.value_or("");
  options.port = account.port;
  options.source_ip = account.source_ip;
  options.proxy_host = account.proxy_host;
  if (account.proxy_port > 0) options.proxy_port = account.proxy_port;
  options.socket_path = account.socket;
  if (account.timeout_seconds > 0) {
    options.timeout = std::chrono::seconds(account.timeout_seconds);
  } else {
    options.timeout = std::nullopt;
  }
  options.lookup_peer_name = wants_peer_name;
  return options;
}

bool ResolvePipelining(config::Pipelining setting, const pop3::Capabilities& caps) {
  switch (setting) {
    case config::Pipelining::kOn: return true;
    case config::Pipelining::kOff: return false;
    case config::Pipelining::kAuto: return caps.capa_supported && caps.pipelining;
  }
  return false;
}

// --serverinfo (manual chapter 7): authentication is tried, because some servers show more
// after it, but its failure is no error here.
Status ServerInfoStage(const SessionContext& context, pop3::Session& session,
                       const pop3::Greeting& greeting, const pop3::Capabilities& capabilities,
                       const net::ConnectionInfo& connection, const LoginState& login_state,
                       std::string tls_block) {
  Status login = Login(context, session, greeting, capabilities, login_state);
  std::optional<pop3::Capabilities> after;
  if (login && capabilities.capa_supported) {
    auto again = session.Capa();
    if (!again) return std::move(again).error();
    after = std::move(*again);
  }
  return RunServerInfo(context, session,
                       {.connection = connection,
                        .greeting = greeting,
                        .capabilities = capabilities,
                        .authenticated = login.has_value(),
                        .capabilities_after_auth = std::move(after),
                        .tls_active = login_state.tls_active,
                        .tls_block = std::move(tls_block)});
}

}  // namespace

Status RunAccountSession(const config::Account& account, const RunOptions& options,
                         AccountOutput& out, StopController& stop,
                         const LocalIdentity& identity, delivery::DeliverySequence& sequence) {
  SessionContext context{account,  options,   out,
                         stop,     identity,  &sequence,
                         static_cast<std::int64_t>(std::time(nullptr))};
  if (account.tls) {
    return Error::Unavailable("support for TLS is not available in this version yet");
  }
  // An unknown or unsupported method fails before any connection (COMPAT.md 4.1).
  MPOP_TRY(CheckLoginMethod(account));
  const bool retrieving = options.mode == Mode::kRetrieve;
  const bool server_info = options.mode == Mode::kServerInfo;
  auto connection = net::Connect(
      ConnectOptionsFor(account, (retrieving && account.received_header) || server_info));
  if (!connection) return std::move(connection).error();
  StopController::Registration stop_registration(stop, connection->transport->fd());

  std::unique_ptr<DebugTrace> trace;
  if (options.debug) {
    out.Out("mpop: the protocol trace below shows every line sent, including passwords "
            "and credentials that are easy to decode; do not share it as is\n");
    trace = std::make_unique<DebugTrace>(out);
  }
  pop3::Session session(*connection->transport,
                        {.pipelining = account.pipelining == config::Pipelining::kOn,
                         .trace = trace.get()});
  auto greeting = session.ReadGreeting();
  if (!greeting) return std::move(greeting).error();
  auto capabilities = session.Capa();
  if (!capabilities) return std::move(capabilities).error();
  session.set_pipelining(ResolvePipelining(account.pipelining, *capabilities));
  MPOP_TRY(context.CheckStop());

  if (server_info) {
    return ServerInfoStage(context, session, *greeting, *capabilities, connection->info,
                           LoginState{}, "");
  }
  MPOP_TRY(Login(context, session, *greeting, *capabilities, LoginState{}));
  MPOP_TRY(context.CheckStop());
  if (options.mode == Mode::kAuthOnly) return session.Quit();

  // COMPAT.md 1.1 step 9: some servers (Gmail) show their full capabilities only after
  // authentication.
  if (capabilities->capa_supported &&
      ((account.filter && !capabilities->top) ||
       (account.pipelining == config::Pipelining::kAuto && !capabilities->pipelining) ||
       !capabilities->uidl)) {
    auto again = session.Capa();
    if (!again) return std::move(again).error();
    if (again->capa_supported) {
      capabilities = std::move(again);
      session.set_pipelining(ResolvePipelining(account.pipelining, *capabilities));
    }
  }
  return RunMailboxStage(context, session, *capabilities, connection->info);
}

}  // namespace mpop::client
