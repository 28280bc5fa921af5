#pragma once
// The POP3 AUTH conversation (RFC 5034) for one SaslMechanism:
//   C: AUTH MECH [initial-response]      (initial response when the mechanism is client-first
//                                          and the line fits, "=" when it is empty)
//   S: + challenge                       (base64; any number of rounds)
//   C: response                          (base64; an empty line for an empty response)
//   S: +OK / -ERR
// A mechanism that cannot answer a challenge makes us cancel with "*" (the server then
// answers -ERR, which we read and drop) and return the mechanism's error.
//
// Errors:
//   kNoPerm     the server rejected the authentication (or the response code's exit code,
//               pop3::ReplyError): `POP3 server rejected AUTH MECH: "-ERR ..."`
//   kProtocol   a challenge that is not base64, a +OK before the mechanism finished
//               (the server did not prove its identity), more than kMaxSaslRounds rounds
//   the mechanism's errors, and the session's transport errors.

#include "auth/sasl_mechanism.hpp"
#include "util/result.hpp"

namespace mpop::pop3 {
class Session;
}

namespace mpop::auth {

// No real mechanism needs more than a handful of rounds; a server that keeps sending
// challenges is broken or hostile.
inline constexpr int kMaxSaslRounds = 16;

Status Authenticate(pop3::Session& session, SaslMechanism& mechanism);

}  // namespace mpop::auth
