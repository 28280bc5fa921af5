#pragma once
// Authentication of a session (manual chapter 5, doc/COMPAT.md 4): choose the method among
// those the server offers and this build supports (auth/supported_methods.hpp), obtain the
// password only if the method needs one (password, passwordeval, keyring, netrc, prompt),
// and run it through its row's driver (auth/method_registry.hpp).
//
// An explicitly configured method the server does not offer fails before any password is
// obtained or sent (EX_UNAVAILABLE); a rejected login is EX_NOPERM (or what the server's
// response code says) with the server's words.

#include <optional>

#include "auth/secret_string.hpp"
#include "client/session_context.hpp"
#include "net/tls_channel_binding.hpp"
#include "pop3/capabilities.hpp"
#include "pop3/greeting.hpp"
#include "pop3/session.hpp"
#include "util/result.hpp"

namespace mpop::client {

struct LoginState {
  bool tls_active = false;
  // The TLS connection's channel binding data (net::TlsTransport::channel_binding()), for
  // SCRAM-SHA-*-PLUS: tls-unique on TLS 1.2 and older, tls-exporter on TLS 1.3. nullopt
  // without TLS; with TLS but without it, the -PLUS methods are not used.
  std::optional<net::ChannelBinding> channel_binding;
};

Status Login(const SessionContext& context, pop3::Session& session, const pop3::Greeting& greeting,
             const pop3::Capabilities& capabilities, const LoginState& state);

// The check that runs before connecting (doc/COMPAT.md 4.1): kConfig for an unknown `auth`
// name, kUnavailable "support for authentication method X is not compiled in" when this
// build lacks it; OK for automatic choice. Call it before net::Connect.
Status CheckLoginMethod(const config::Account& account);

// The account's password from the sources of doc/COMPAT.md 4.4 (password, passwordeval,
// keyring, netrc, terminal prompt). Also the PIN of a PKCS#11 client key (manual 4.1).
Result<auth::SecretString> ObtainAccountPassword(const SessionContext& context);

// The port the session talks to, for OAUTHBEARER's "port=": the configured one, else 110,
// or 995 for TLS from the start.
int ServerPort(const config::Account& account);

}  // namespace mpop::client
