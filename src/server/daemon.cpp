#include "server/daemon.hpp"

#include <fmt/format.h>
#include <sys/socket.h>
#include <unistd.h>

#include <optional>

#include "auth/password_source.hpp"
#include "auth/secret_service_keyring.hpp"
#include "net/gnutls_library.hpp"
#include "net/listener.hpp"
#include "net/tls_server.hpp"
#include "server/auth_throttle.hpp"
#include "server/authenticator.hpp"
#include "server/log.hpp"
#include "server/sasl_server.hpp"
#include "server/server.hpp"
#include "util/i18n.hpp"

namespace mpop::server {
namespace {

Result<std::vector<MailboxAccount>> ObtainAccounts(const std::vector<MailboxSpec>& specs) {
  // The entry the manual's `secret-tool store ... host localhost service pop3 user USER`
  // makes (chapter 10.1).
  auth::SecretServiceKeyring keyring;
  std::vector<MailboxAccount> accounts;
  for (const MailboxSpec& spec : specs) {
    auth::PasswordQuery query;
    query.host = "localhost";
    query.user = spec.user;
    if (spec.password_eval) query.password_eval = *spec.password_eval;
    auth::PasswordSources sources;
    sources.keyring = &keyring;
    sources.user_netrc.clear();
    sources.system_netrc.clear();
    Result<auth::SecretString> password = auth::ObtainPassword(query, sources);
    if (!password && !spec.password_eval && password.error().code == ExitCode::kConfig) {
      // auth/ words this for mpoprc settings; say it in mpopd's terms.
      return Error::Config(
          TrFormat("--auth={}: no password: give a command (--auth={},COMMAND), store it in the "
                   "key ring, or start mpopd on a terminal to be asked",
                   spec.user, spec.user));
    }
    if (!password) return password.error().Within(TrFormat("--auth={}", spec.user));
    accounts.push_back({spec.user, std::move(*password), spec.maildir});
  }
  return accounts;
}

bool IsSocket(int fd) {
  int type = 0;
  socklen_t length = sizeof type;
  return ::getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &length) == 0;
}

// The TLS set-up, loaded before anything else so that a bad file fails at once.
struct DaemonTls {
  std::optional<net::GnutlsLibrary> library;
  std::optional<net::TlsServerContext> context;
};

Status LoadTls(const DaemonOptions& options, DaemonTls& tls) {
  if (!options.tls()) return {};
  if (options.inetd && !IsSocket(STDIN_FILENO)) {
    return Error::Usage(
        Tr("TLS with --inetd needs a socket as standard input (from inetd or "
           "systemd), not a pipe"));
  }
  Result<net::GnutlsLibrary> library = net::GnutlsLibrary::Init();
  if (!library) return std::move(library).error();
  tls.library.emplace(std::move(*library));
  Result<net::TlsServerContext> context =
      net::TlsServerContext::Create(*tls.library, options.tls_cert_file, options.tls_key_file);
  if (!context) return std::move(context).error();
  tls.context.emplace(std::move(*context));
  return {};
}

}  // namespace

Result<DaemonOutcome> RunDaemon(const DaemonOptions& options, net::AbortSignal stop) {
  Result<std::unique_ptr<Log>> log = OpenLog(options.log);
  if (!log) return std::move(log).error();
  DaemonTls tls;
  MPOP_TRY(LoadTls(options, tls));
  const ServerTls server_tls{tls.context ? &*tls.context : nullptr,
                             options.tls_mode == TlsMode::kImplicit};
  Result<std::vector<MailboxAccount>> accounts = ObtainAccounts(options.mailboxes);
  if (!accounts) return std::move(accounts).error();
  const Authenticator authenticator(std::move(*accounts));
  AuthThrottle throttle({});
  // AUTH PLAIN is an extra: without GNU SASL the server still offers USER/PASS.
  Result<std::unique_ptr<SaslLibrary>> sasl = SaslLibrary::Init();
  if (!sasl) (*log)->Error(sasl.error().message);
  const SaslLibrary* sasl_library = sasl ? sasl->get() : nullptr;
  const ServerLimits limits{std::chrono::milliseconds(options.idle_timeout), options.max_sessions};
  if (options.inetd) {
    const bool ok = ServeInetd(STDIN_FILENO, STDOUT_FILENO, limits, authenticator, throttle, **log,
                               sasl_library, stop, server_tls);
    return ok ? DaemonOutcome::kOk : DaemonOutcome::kInetdSessionFailed;
  }
  Result<net::Listener> listener = net::Listener::Open(options.interface, options.port);
  if (!listener) return std::move(listener).error();
  (*log)->Info(TrFormat("listening on {} port {}{}", options.interface, listener->port(),
                        !server_tls.context   ? ""
                        : server_tls.implicit ? " (TLS)"
                                              : " (STLS)"));
  Server server(limits, authenticator, throttle, **log, sasl_library, server_tls);
  MPOP_TRY(server.Run(std::move(*listener), stop));
  (*log)->Info(Tr("shutting down"));
  return DaemonOutcome::kOk;
}

}  // namespace mpop::server
