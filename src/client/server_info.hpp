#pragma once
// Server information mode (-S, --serverinfo; manual chapter 7, doc/COMPAT.md 7.6): what the
// session learned about the server, printed in upstream's layout.
//
// The session runs as in retrieval up to authentication: connect, TLS (pop3s or STLS),
// greeting, CAPA, an authentication attempt whose failure is no error here (it only
// means the capabilities shown are those before login), CAPA again after a successful
// login. Then RunServerInfo() prints the report and ends the session with QUIT. LOGIN-DELAY
// and EXPIRE are only displayed, never acted upon.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "client/session_context.hpp"
#include "net/connect.hpp"
#include "pop3/capabilities.hpp"
#include "pop3/greeting.hpp"
#include "pop3/session.hpp"
#include "util/result.hpp"

namespace mpop::client {

// Everything the report shows, as plain values.
struct ServerInfo {
  std::string host;                           // as configured (the socket path if there is no host)
  std::optional<std::string> canonical_name;  // the address's name (reverse lookup)
  std::optional<std::string> address;         // numeric address connected to
  int port = 110;
  std::string greeting;   // text after "+OK ", as received (sanitized when printed)
  std::string tls_block;  // net::FormatTlsInfo() of the session; empty without TLS
  bool tls_active = false;
  bool apop_available = false;      // the greeting carried a valid APOP timestamp
  pop3::Capabilities capabilities;  // the CAPA before authentication (after TLS)
  bool authenticated = false;       // the login attempt succeeded
  // The CAPA after a successful login, if one was asked for.
  std::optional<pop3::Capabilities> capabilities_after_auth;
  // For an account with oauth2_*: the state of its token (DescribeOAuth2Token), printed
  // after the server's methods. Empty otherwise, so the report stays upstream's.
  std::string oauth2_token;

  bool operator==(const ServerInfo&) const = default;
};

// What the report lists: the capabilities before authentication, updated by those after
// it (when that CAPA worked). Flags are combined, because servers often drop what only
// matters before login (STLS, SASL, USER) from the second list; IMPLEMENTATION,
// LOGIN-DELAY and EXPIRE take their post-login values, which RFC 2449 says may be
// specific to the user.
pop3::Capabilities MergeCapabilities(const pop3::Capabilities& before,
                                     const std::optional<pop3::Capabilities>& after);

// The report, lines ending in '\n':
//   POP3 server at HOST (CANON [ADDR]), port N:   ("(CANON)", "([ADDR])" or nothing)
//       GREETING
//   TLS block (if any)
//   POP3 capabilities:
//       CAPA: / IMPLEMENTATION: / PIPELINING: / TOP: / UIDL: / LOGIN-DELAY N: /
//       EXPIRE NEVER|0|N: / STLS: / AUTH: / RESP-CODES: / AUTH-RESP-CODE:
//   notes: STLS offered but TLS off; not authenticated; no CAPA.
// Without CAPA only AUTH (USER, APOP if the greeting allows it) can be shown. The AUTH
// list holds the methods mpop knows, in the fixed order of the manual's `auth` command,
// each followed by a space.
std::string FormatServerInfo(const ServerInfo& info);

// The same facts as one --json "serverinfo" object (doc/mpop-json.schema.json): host,
// canonical_name, address, port, greeting, tls, tls_info, authenticated, the merged
// capabilities, auth_methods and oauth2_token.
nlohmann::json ServerInfoJson(const std::string& account, const ServerInfo& info);

// Minimum time between logins: "900 seconds = 15.00 minutes", "7200 seconds = 2.00 hours",
// "60 seconds" (no conversion up to a minute; minutes up to an hour).
std::string FormatLoginDelay(long seconds);

// The report's facts from the session (doc/COMPAT.md 7.6); see ServerInfo for each member.
struct ServerInfoFacts {
  const net::ConnectionInfo& connection;
  const pop3::Greeting& greeting;
  const pop3::Capabilities& capabilities;  // before authentication (after TLS)
  bool authenticated = false;
  std::optional<pop3::Capabilities> capabilities_after_auth{};
  bool tls_active = false;
  std::string tls_block{};
};

// Prints the report to context.out and ends the session with QUIT. A failing QUIT after a
// failed login is ignored (the server may have hung up on it; the report is complete);
// otherwise its error is returned. Host and port come from context.account.
Status RunServerInfo(const SessionContext& context, pop3::Session& session,
                     const ServerInfoFacts& facts);

}  // namespace mpop::client
