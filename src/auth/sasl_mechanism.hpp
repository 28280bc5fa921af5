#pragma once
// SaslMechanism: the client side of one SASL mechanism, independent of POP3. The RFC 5034
// conversation around it (AUTH, "+ " challenges, base64, the final reply) is
// auth/sasl_exchange.hpp's; implementations are GNU SASL's mechanisms
// (auth/gsasl_mechanism.hpp) and the built-in OAuth ones (auth/oauthbearer_mechanism.hpp,
// auth/xoauth2_mechanism.hpp, both TokenMechanisms: auth/token_mechanism.hpp).
//
// All data here is raw bytes, not base64. Responses can hold the password or token: they
// are SecretStrings so they are wiped once sent.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "auth/secret_string.hpp"
#include "util/result.hpp"

namespace mpop::auth {

// RFC 5034 section 4: an AUTH command with its initial response must fit in 255 octets;
// a longer initial response is sent after the server's empty challenge instead.
inline constexpr std::size_t kMaxAuthCommandLength = 255;

class SaslMechanism {
 public:
  virtual ~SaslMechanism() = default;

  // The upper-case mechanism name sent after AUTH.
  virtual std::string_view name() const = 0;

  // The initial response for a client-first mechanism (RFC 5034 "AUTH MECH response"),
  // nullopt for a server-first one. An empty value is sent as "=".
  virtual Result<std::optional<SecretString>> Start() = 0;

  // The longest AUTH command line (with the initial response) this mechanism may send in
  // one line; above it the response waits for the server's empty challenge.
  virtual std::size_t max_auth_command_length() const { return kMaxAuthCommandLength; }

  // The answer to one server challenge. Errors end the exchange (the exchange cancels it
  // with "*"): kProtocol for a challenge that makes no sense, kNoPerm when the server
  // failed to prove its identity (SCRAM's server signature).
  virtual Result<SecretString> Respond(std::string_view challenge) = 0;

  // Whether the mechanism has completed on the client side (for mutual authentication:
  // the server proved itself). A +OK before that is refused.
  virtual bool finished() const = 0;

  // Text the server sent in an error challenge (OAUTHBEARER's JSON status), to add to the
  // error message when the server then rejects the login; empty if none.
  virtual std::string server_error() const { return {}; }
};

}  // namespace mpop::auth
