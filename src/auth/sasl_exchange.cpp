#include "auth/sasl_exchange.hpp"

#include <string>
#include <utility>

#include "auth/base64.hpp"
#include "pop3/reply.hpp"
#include "pop3/session.hpp"
#include "util/i18n.hpp"

namespace mpop::auth {
namespace {

// Sends `line` and wipes our copy of it: it may carry the password.
Result<pop3::Reply> Send(pop3::Session& session, std::string line) {
  std::string sent = line;
  SecretString::Wipe(line);
  return session.Exchange(std::move(sent));
}

// The first line: "AUTH MECH", with the initial response when there is one and it fits.
// `pending` receives an initial response that did not fit, for the first empty challenge.
Result<std::string> FirstLine(SaslMechanism& mechanism, std::optional<SecretString>& pending) {
  Result<std::optional<SecretString>> initial = mechanism.Start();
  if (!initial) return std::move(initial).error();
  std::string line = "AUTH " + std::string(mechanism.name());
  if (!*initial) return line;
  std::string encoded = (*initial)->empty() ? "=" : Base64Encode((*initial)->view());
  if (line.size() + 1 + encoded.size() <= mechanism.max_auth_command_length()) {
    line += ' ';
    line += encoded;
  } else {
    pending = std::move(**initial);
  }
  SecretString::Wipe(encoded);
  return line;
}

// After a failed step: "*" cancels the exchange (RFC 5034); the server's -ERR to it only
// confirms, so it is read and dropped.
Error Cancel(pop3::Session& session, Error error) {
  Result<pop3::Reply> ignored = session.Exchange("*");
  (void)ignored;
  return error;
}

Error Rejected(const pop3::Reply& reply, const SaslMechanism& mechanism) {
  Error error = pop3::ReplyError(
      reply, TrFormat("POP3 server rejected {}", "AUTH " + std::string(mechanism.name())),
      ExitCode::kNoPerm);
  const std::string detail = mechanism.server_error();
  if (!detail.empty()) {
    error.message += "; its SASL error was " + pop3::QuoteServerText(detail);
  }
  return error;
}

}  // namespace

Status Authenticate(pop3::Session& session, SaslMechanism& mechanism) {
  std::optional<SecretString> pending;
  Result<std::string> first = FirstLine(mechanism, pending);
  if (!first) return std::move(first).error();
  Result<pop3::Reply> reply = Send(session, std::move(*first));
  for (int round = 0;; ++round) {
    if (!reply) return std::move(reply).error();
    if (!reply->ok) return Rejected(*reply, mechanism);
    if (!reply->continuation) break;
    if (round == kMaxSaslRounds) {
      return Cancel(session, Error::Protocol(TrFormat(
                                 "POP3 server sent more than {} SASL challenges", kMaxSaslRounds)));
    }
    Result<SecretString> response = SecretString();
    if (pending) {
      response = std::move(*pending);
      pending.reset();
    } else {
      std::optional<std::string> challenge = Base64Decode(reply->text);
      if (!challenge) {
        return Cancel(session,
                      Error::Protocol(TrFormat("POP3 server sent an invalid SASL challenge: {}",
                                               pop3::QuoteServerText(reply->line))));
      }
      response = mechanism.Respond(*challenge);
      if (!response) return Cancel(session, std::move(response).error());
    }
    reply = Send(session, Base64Encode(response->view()));
  }
  if (!mechanism.finished()) {
    return Error::Protocol(
        TrFormat("POP3 server accepted AUTH {} before the exchange was complete (it did not prove "
                 "its identity)",
                 mechanism.name()));
  }
  return {};
}

}  // namespace mpop::auth
