#pragma once
// The authentication methods mpop knows, one row each (manual chapter 5, doc/COMPAT.md 4): the
// one place a method is described. What reads it:
//   - the `auth` check and the automatic choice with its errors (auth/method_choice.hpp),
//   - the methods this build supports, for the choice and `--version`
//     (auth/supported_methods.hpp, client/version.cpp),
//   - how the server shows the method, for the choice and `--serverinfo`
//     (client/server_info.cpp),
//   - whether a user name and a secret (password or OAuth2 bearer token) are needed
//     (client/login.cpp, config/finish.cpp),
//   - the login itself: client/login.cpp calls the row's `login` driver.
//
// Adding a method = one row in kMethods (in the manual's order), plus its mechanism: a GNU
// SASL method needs nothing else (LoginGnuSasl runs it); a built-in SASL mechanism gets its
// auth/<name>_mechanism.* file (a SaslMechanism) and a driver declared below and defined in
// auth/method_registry.cpp that constructs it from a LoginInput.
//   - the names the `auth` command and --auth accept, in lower case (config/values.cpp).

#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "util/result.hpp"

namespace mpop::pop3 {
class Session;
}

namespace mpop::auth {

class SaslContext;
struct ChannelBinding;

// Everything a driver may need to log in. Views borrow from the caller for the call.
struct LoginInput {
  std::string_view method;          // the row's name
  std::string_view user;            // empty when the row does not need one
  std::string_view password;        // empty when the row does not need one
  std::string_view host;            // the configured host: GNU SASL's hostname, OAUTHBEARER
  int port = 0;                     // the server's port, for OAUTHBEARER's "port="
  std::string_view apop_timestamp;  // the greeting's "<...@...>" token, for APOP
  std::optional<std::string_view> ntlm_domain;      // `ntlmdomain`
  const ChannelBinding* channel_binding = nullptr;  // TLS channel binding data, if any
  // For the GNU SASL methods; ChooseMethod only picks one when SupportedMethods() saw a
  // context, so it is non-null then.
  const SaslContext* sasl = nullptr;
};

// Runs the login on `session`; errors are those of pop3::Session and auth::Authenticate.
using LoginDriver = Status (*)(pop3::Session& session, const LoginInput& input);

Status LoginUserPass(pop3::Session& session, const LoginInput& input);  // USER and PASS
Status LoginApop(pop3::Session& session, const LoginInput& input);      // auth/apop.hpp
Status LoginOAuthBearer(pop3::Session& session, const LoginInput& input);
Status LoginXOAuth2(pop3::Session& session, const LoginInput& input);
Status LoginGnuSasl(pop3::Session& session, const LoginInput& input);  // GsaslMechanism

enum class MethodLibrary {
  kBuiltin,  // ours: works without GNU SASL
  kGnuSasl,  // supported when GNU SASL has a client for it (SaslContext::ClientSupports)
};

// How a server shows that it offers a method (doc/COMPAT.md 4.1).
enum class OfferedBy {
  kAlways,          // USER: every POP3 server takes it, CAPA or not
  kApopTimestamp,   // APOP: the greeting carried a valid timestamp, never CAPA
  kSaslCapability,  // the CAPA "SASL" line lists it
};

// The secret a method sends. A bearer token is an OAuth2 access token: the account's
// "password" as upstream has it, or from the account's oauth2_* settings (client/login.cpp).
enum class Secret { kNone, kPassword, kBearerToken };

// The -PLUS variants need TLS channel binding data; that follows from the name.
struct Method {
  std::string_view name;  // upper case; the `auth` setting names it in any case
  bool needs_user;
  Secret secret;
  // Place in the automatic choice (1 is tried first; doc/COMPAT.md 4.1); 0: never chosen
  // automatically, only when named.
  int automatic_rank;
  // The automatic choice accepts it on a connection without TLS (the password never
  // crosses the wire).
  bool automatic_without_tls;
  OfferedBy offered_by;
  MethodLibrary library;
  LoginDriver login;
};

inline constexpr bool kUser = true;
inline constexpr Secret kPassword = Secret::kPassword;
inline constexpr Secret kNoSecret = Secret::kNone;
inline constexpr Secret kToken = Secret::kBearerToken;
inline constexpr bool kWithoutTls = true;
inline constexpr int kNeverAutomatic = 0;
inline constexpr OfferedBy kSasl = OfferedBy::kSaslCapability;

// In the manual's order, which `--version` and error messages follow.
// clang-format off
inline constexpr Method kMethods[] = {
//  name                  user    secret      rank             no TLS       offered by                  library                  driver
    {"SCRAM-SHA-256-PLUS", kUser,  kPassword,  1,               false,       kSasl,                      MethodLibrary::kGnuSasl, LoginGnuSasl},
    {"SCRAM-SHA-1-PLUS",   kUser,  kPassword,  2,               false,       kSasl,                      MethodLibrary::kGnuSasl, LoginGnuSasl},
    {"SCRAM-SHA-256",      kUser,  kPassword,  3,               kWithoutTls, kSasl,                      MethodLibrary::kGnuSasl, LoginGnuSasl},
    {"SCRAM-SHA-1",        kUser,  kPassword,  4,               kWithoutTls, kSasl,                      MethodLibrary::kGnuSasl, LoginGnuSasl},
    {"USER",               kUser,  kPassword,  7,               false,       OfferedBy::kAlways,         MethodLibrary::kBuiltin, LoginUserPass},
    {"APOP",               kUser,  kPassword,  6,               false,       OfferedBy::kApopTimestamp,  MethodLibrary::kBuiltin, LoginApop},
    {"PLAIN",              kUser,  kPassword,  5,               false,       kSasl,                      MethodLibrary::kGnuSasl, LoginGnuSasl},
    {"GSSAPI",             kUser,  kNoSecret,  kNeverAutomatic, false,       kSasl,                      MethodLibrary::kGnuSasl, LoginGnuSasl},
    {"EXTERNAL",           !kUser, kNoSecret,  kNeverAutomatic, false,       kSasl,                      MethodLibrary::kGnuSasl, LoginGnuSasl},
    {"OAUTHBEARER",        kUser,  kToken,     kNeverAutomatic, false,       kSasl,                      MethodLibrary::kBuiltin, LoginOAuthBearer},
    {"CRAM-MD5",           kUser,  kPassword,  8,               false,       kSasl,                      MethodLibrary::kGnuSasl, LoginGnuSasl},
    {"DIGEST-MD5",         kUser,  kPassword,  9,               false,       kSasl,                      MethodLibrary::kGnuSasl, LoginGnuSasl},
    {"LOGIN",              kUser,  kPassword,  10,              false,       kSasl,                      MethodLibrary::kGnuSasl, LoginGnuSasl},
    {"NTLM",               kUser,  kPassword,  11,              false,       kSasl,                      MethodLibrary::kGnuSasl, LoginGnuSasl},
    {"XOAUTH2",            kUser,  kToken,     kNeverAutomatic, false,       kSasl,                      MethodLibrary::kBuiltin, LoginXOAuth2},
};
// clang-format on

// The row for an upper-case name, or nullptr.
const Method* FindMethod(std::string_view name);

// What the server showed about its methods: the greeting's APOP timestamp and the CAPA
// "SASL" line (upper case; meaningless when CAPA failed).
struct ServerOffer {
  bool apop_available = false;
  bool capa_supported = true;
  std::span<const std::string> sasl_mechanisms;
};

// Whether the server offers the method, by its row's offered_by; nullopt for a SASL
// method when CAPA failed (the SASL list is unknown).
std::optional<bool> ServerOffers(const Method& method, const ServerOffer& offer);

namespace detail {

template <bool kBuiltinOnly>
constexpr std::size_t CountNames() {
  std::size_t count = 0;
  for (const Method& method : kMethods) {
    if (!kBuiltinOnly || method.library == MethodLibrary::kBuiltin) ++count;
  }
  return count;
}

template <bool kBuiltinOnly>
constexpr auto Names() {
  std::array<std::string_view, CountNames<kBuiltinOnly>()> names{};
  std::size_t next = 0;
  for (const Method& method : kMethods) {
    if (!kBuiltinOnly || method.library == MethodLibrary::kBuiltin) names[next++] = method.name;
  }
  return names;
}

}  // namespace detail

// Every method name, upper case, in the manual's order.
inline constexpr auto kKnownMethods = detail::Names<false>();
// The methods that work without GNU SASL: USER/PASS, APOP (auth/apop.hpp) and the OAuth
// ones (auth/oauthbearer_mechanism.hpp, auth/xoauth2_mechanism.hpp).
inline constexpr auto kBuiltinMethods = detail::Names<true>();

}  // namespace mpop::auth
