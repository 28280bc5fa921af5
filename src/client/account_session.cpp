#include "client/account_session.hpp"

#include <ctime>
#include <memory>

#include "client/debug_trace.hpp"
#include "client/login.hpp"
#include "client/portions.hpp"
#include "client/remembered_capa.hpp"
#include "client/retrieval.hpp"
#include "client/server_info.hpp"
#include "client/tls_stage.hpp"
#include "config/finish.hpp"
#include "net/connect.hpp"
#include "net/tls_mismatch.hpp"
#include "pop3/reply.hpp"
#include "pop3/session.hpp"
#include "util/i18n.hpp"

namespace mpop::client {
namespace {

net::ConnectOptions ConnectOptionsFor(const config::Account& account, bool wants_peer_name,
                                      net::AbortSignal abort) {
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
  // A stop wakes the connect, the SOCKS5 handshake and every later read and write at once
  // (but not the DNS lookup, which cannot be woken).
  options.abort = abort;
  return options;
}

bool ResolvePipelining(config::Pipelining setting, const pop3::Capabilities& caps) {
  switch (setting) {
    case config::Pipelining::kOn:
      return true;
    case config::Pipelining::kOff:
      return false;
    case config::Pipelining::kAuto:
      return caps.capa_supported && caps.pipelining;
  }
  return false;
}

// The --debug protocol trace, announced with a warning because it shows credentials. The
// warning goes to stderr, so that stdout holds the trace alone (issue #15 item 9).
std::unique_ptr<DebugTrace> MakeTrace(const SessionContext& context) {
  if (!context.options.debug) return nullptr;
  context.out.Err(
      Tr("mpop: the protocol trace below shows every line sent, including passwords "
         "and credentials that are easy to decode; do not share it as is\n"));
  return std::make_unique<DebugTrace>(context.out);
}

// doc/COMPAT.md 1.1 step 9: some servers (Gmail) show their full capabilities only after
// authentication, so ask again when something the session needs was missing.
bool NeedsCapabilitiesAfterLogin(const config::Account& account,
                                 const pop3::Capabilities& capabilities) {
  const bool missing_something =
      (account.filter && !capabilities.top) ||
      (account.pipelining == config::Pipelining::kAuto && !capabilities.pipelining) ||
      !capabilities.uidl;
  // RFC 2449 section 6.8: "LOGIN-DELAY n USER" before login means this user's delay is
  // only known after it (the poll loop waits that long, client/poll_loop.hpp).
  return capabilities.capa_supported &&
         (missing_something || capabilities.login_delay_user_specific);
}

Status RefreshCapabilitiesAfterLogin(const config::Account& account, pop3::Session& session,
                                     pop3::Capabilities& capabilities) {
  if (!NeedsCapabilitiesAfterLogin(account, capabilities)) return {};
  auto again = session.Capa();
  if (!again) return std::move(again).error();
  if (again->capa_supported) {
    capabilities = std::move(*again);
    session.set_pipelining(ResolvePipelining(account.pipelining, capabilities));
  }
  return {};
}

// Where the account's server's last CAPA reply is remembered (client/remembered_capa.hpp).
std::string RememberedCapaPath(const config::Account& account) {
  return config::ExpandUidlsFile(account) + ".capa";
}

// The remembered CAPA reply the login may be chosen from, so that the fresh one can come
// with the login batch; nullopt when it must wait for the fresh one as before: in
// --serverinfo, when nothing is remembered, when the remembered reply did not offer
// PIPELINING (unless `pipelining on`), and unless the method is USER named explicitly, the
// one method whose choice no CAPA reply can change (an automatic choice could pick another
// method from a fresh reply, and with `tls off` could refuse to send a password at all).
std::optional<pop3::Capabilities> UsableRememberedCapa(const SessionContext& context,
                                                       const CapaKey& key) {
  const config::Account& account = context.account;
  if (context.options.mode == Mode::kServerInfo || account.auth != "USER" ||
      account.pipelining == config::Pipelining::kOff) {
    return std::nullopt;
  }
  auto lines = LoadRememberedCapa(RememberedCapaPath(account), key);
  if (!lines) return std::nullopt;
  pop3::Capabilities remembered = pop3::ParseCapabilities(*lines);
  if (!remembered.pipelining && account.pipelining != config::Pipelining::kOn) return std::nullopt;
  return remembered;
}

// A server that never greets may be one that waits for a TLS hello (port 995 with
// tls_starttls on): say what to set instead of a bare time-out.
Error WithPortHint(Error error, const config::Account& account) {
  if (error.message.find("timed out") == std::string::npos) return error;
  if (auto hint =
          net::GreetingTimeoutHint(account.tls, account.tls_starttls, ServerPort(account))) {
    error.message += " (" + *hint + ")";
  }
  return error;
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

// What the server says about when to come back (RFC 2449 section 6.8), for the poll loop:
// the LOGIN-DELAY capability, the value after login replacing the one before.
void NoteLoginDelay(const pop3::Capabilities& capabilities, AccountReport& report) {
  if (capabilities.login_delay)
    report.login_delay = std::chrono::seconds(*capabilities.login_delay);
}

// A login refused with the response codes of RFC 2449 section 8.1 ([LOGIN-DELAY],
// [IN-USE]), which the poll loop answers by trying again later.
void NoteRefusal(const Error& error, AccountReport& report) {
  auto reply = pop3::ParseReply(error.server_message);
  if (!reply || reply->ok || !reply->response_code) return;
  const std::string& code = *reply->response_code;
  auto is = [&](std::string_view known) {
    return code == known || code.starts_with(std::string(known) + "/");
  };
  report.refused_login_delay = is("LOGIN-DELAY");
  report.refused_in_use = is("IN-USE");
}

Status RunSession(const SessionContext& context, MailboxOutcome& outcome, AccountReport& report) {
  const config::Account& account = context.account;
  const RunOptions& options = context.options;
  // An unknown or unsupported method, or an unreadable TLS file, fails before any
  // connection (doc/COMPAT.md 4.1, 5).
  MPOP_TRY(CheckLoginMethod(account));
  auto tls = TlsStage::Prepare(context);
  if (!tls) return std::move(tls).error();
  const bool retrieving = options.mode == Mode::kRetrieve;
  const bool server_info = options.mode == Mode::kServerInfo;
  const bool wants_peer_name = (retrieving && account.received_header) || server_info;
  auto connection =
      net::Connect(ConnectOptionsFor(account, wants_peer_name, context.stop.abort_signal()));
  if (!connection) return std::move(connection).error();
  net::FdTransport& plain = *connection->transport;
  if (tls->from_start()) MPOP_TRY(tls->Start(context, plain));

  std::unique_ptr<DebugTrace> trace = MakeTrace(context);
  Transport& first = tls->transport() ? static_cast<Transport&>(*tls->transport()) : plain;
  pop3::Session session(
      first, {.pipelining = account.pipelining == config::Pipelining::kOn, .trace = trace.get()});
  auto greeting = session.ReadGreeting();
  if (!greeting) return WithPortHint(std::move(greeting).error(), account);
  const std::string server_name = context.ServerName();
  const std::string uidls_user = UidlsUser(account);
  const CapaKey capa_key{.host = server_name, .user = uidls_user, .tls = tls->enabled()};
  const std::optional<pop3::Capabilities> remembered = UsableRememberedCapa(context, capa_key);
  const bool starttls = tls->enabled() && !tls->from_start();
  std::vector<std::string> capa_lines;
  // Before STLS the server is always asked: a remembered reply never decides about TLS.
  Result<pop3::Capabilities> capabilities =
      remembered && !starttls ? *remembered : session.Capa(&capa_lines);
  if (!capabilities) return std::move(capabilities).error();
  const bool offered_stls = capabilities->stls;
  if (starttls) {
    MPOP_TRY(tls->Starttls(context, session, *capabilities, plain));
    // RFC 2595 section 4: forget the capabilities and ask again. The greeting's APOP
    // timestamp belongs to the session and stays: the digest now travels inside TLS, so a
    // forged timestamp can only make the login fail (issue #15).
    capa_lines.clear();  // the reply before TLS is not the one to remember
    capabilities = remembered ? *remembered : session.Capa(&capa_lines);
    if (!capabilities) return std::move(capabilities).error();
  }
  NoteLoginDelay(*capabilities, report);
  const LoginState login_state{
      .tls_active = tls->transport() != nullptr,
      .channel_binding = tls->transport() ? tls->transport()->channel_binding() : std::nullopt};
  session.set_pipelining(ResolvePipelining(account.pipelining, *capabilities));
  MPOP_TRY(context.CheckStop());

  if (server_info) {
    pop3::Capabilities shown = *capabilities;
    shown.stls = shown.stls || offered_stls;
    return ServerInfoStage(context, session, *greeting, shown, connection->info, login_state,
                           tls->InfoBlock());
  }
  if (options.mode != Mode::kAuthOnly && !NeedsCapabilitiesAfterLogin(account, *capabilities)) {
    session.ScanRightAfterLogin(ScanWantsUidl(*capabilities),
                                ScanWantsList(context, *capabilities));
  }
  if (remembered) session.CapaWithLogin();
  Status login = Login(context, session, *greeting, *capabilities, login_state);
  if (auto fresh = session.TakeCapaOfLogin()) {
    // The fresh reply came with the login batch. If it contradicts the remembered one, the
    // rest of the session follows the fresh one, and so does the next session's order.
    capa_lines = std::move(fresh->second);
    if (fresh->first != *remembered) {
      capabilities = std::move(fresh->first);
      session.set_pipelining(ResolvePipelining(account.pipelining, *capabilities));
    }
  }
  if (!capa_lines.empty()) RememberCapa(RememberedCapaPath(account), capa_key, capa_lines);
  if (!login) {
    NoteRefusal(login.error(), report);
    return login;
  }
  MPOP_TRY(context.CheckStop());
  if (options.mode == Mode::kAuthOnly) return session.Quit();

  MPOP_TRY(RefreshCapabilitiesAfterLogin(account, session, *capabilities));
  NoteLoginDelay(*capabilities, report);
  return RunMailboxStage(context, session, *capabilities, connection->info, &outcome);
}

}  // namespace

Status RunAccountSession(const config::Account& account, const RunOptions& options,
                         AccountOutput& out, StopController& stop, const LocalIdentity& identity,
                         delivery::DeliverySequence& sequence, AccountReport& report) {
  SessionContext context{account,
                         options,
                         out,
                         stop,
                         identity,
                         &sequence,
                         static_cast<std::int64_t>(std::time(nullptr))};
  context.report = &report;
  // Retrieval goes on in further sessions while the server hands out mail in portions
  // (client/portions.hpp); the modes that fetch nothing would see the same list again.
  const bool may_repeat = options.mode == Mode::kRetrieve && !options.dry_run && !options.mark_seen;
  Status status;
  for (int sessions = 1;; ++sessions) {
    MailboxOutcome outcome;
    status = RunSession(context, outcome, report);
    if (!status && outcome.retry_with_full_list && !context.full_list && !stop.stopped()) {
      // The server answered "LIST n" badly; nothing was fetched. Again with the whole LIST.
      context.full_list = true;
      continue;
    }
    report.listed = outcome.listed;
    report.new_mails = outcome.new_mails;
    report.retrieved += outcome.retrieved;
    if (!status || !may_repeat || !LooksLikePortion(outcome, account.keep_seconds != 0) ||
        sessions == kMaxPortionSessions) {
      break;
    }
    if (!context.earlier) context.earlier = EarlierSessions{.state_known = outcome.state_known};
    context.earlier->fetched += outcome.retrieved;
  }
  // A stop aborts the session's network waits, which then fail with "operation aborted"
  // (and the I/O error code): report the stop, with its exit code, instead.
  if (!status && stop.stopped()) return context.CheckStop();
  return status;
}

}  // namespace mpop::client
