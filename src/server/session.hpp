#pragma once
// Session: the POP3 server state machine of RFC 1939, one command line in, its reply out.
// It never touches the network: the connection loop (server/connection.hpp) feeds it lines
// and hands it an Output; mails are streamed from the maildir into that Output.
//
// States: AUTHORIZATION (USER then PASS; CAPA and QUIT also allowed), TRANSACTION (after a
// successful PASS, with the maildir locked), and UPDATE, reached only by QUIT in
// TRANSACTION, where the mails marked with DELE are removed. A session that ends any other
// way (connection lost, timeout, shutdown, line too long) removes nothing.
//
// Every command gets a reply, in every state; a command out of order (anything but PASS
// right after USER, PASS without USER) gets -ERR and the USER is forgotten, never silence.
// With a SaslLibrary, AUTH (RFC 5034) with SCRAM-SHA-256 and PLAIN is offered besides
// USER/PASS (server/sasl_server.hpp).
// TLS (RFC 2595), when mpopd has a certificate: before TLS, CAPA offers STLS and neither
// USER nor PLAIN, and USER and AUTH PLAIN are refused ("-ERR TLS required: use STLS
// first"), so no password crosses the connection in clear; SCRAM-SHA-256, which sends
// none, stays open. STLS answers +OK and Handle() returns kStartTls: the connection runs
// the handshake and reports it with TlsStarted(). Inside TLS everything is offered,
// SCRAM-SHA-256-PLUS too (bound to the TLS session), and STLS is refused.
// Response codes (RFC 2449, RFC 3206): [AUTH] for wrong credentials, [IN-USE] when another
// session holds the maildir, [SYS/TEMP] when it cannot be read, [SYS/PERM] when UPDATE
// could not remove everything.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "net/tls_channel_binding.hpp"
#include "server/command.hpp"
#include "server/mailbox.hpp"
#include "util/result.hpp"

namespace mpop::server {

class Gatekeeper;
class Log;
class Output;
class SaslExchange;
class SaslLibrary;

inline constexpr std::string_view kGreeting = "+OK mpopd ready.\r\n";

class Session {
 public:
  enum class State { kAuthorization, kTransaction, kClosed };
  enum class Next {
    kContinue,
    kClose,
    kStartTls,  // +OK to STLS went out: start TLS, then call TlsStarted()
  };
  // Locks and scans the maildir of an authorized user (Mailbox::Open's contract); the
  // fuzzer replaces it with one that touches no files.
  using MailboxOpener = std::function<Result<Mailbox>(const std::string& maildir)>;

  // gatekeeper, log and sasl (null: no AUTH command, USER/PASS only) must outlive the
  // session.
  Session(Gatekeeper& gatekeeper, Log& log, const SaslLibrary* sasl = nullptr,
          MailboxOpener opener = Mailbox::Open);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Handles one command line, given without its line end, and writes the complete reply.
  // kClose after QUIT. Errors end the connection (nothing is deleted): the Output failed,
  // or a mail could not be read after its +OK had gone out.
  Result<Next> Handle(std::string_view line, Output& out);

  State state() const { return state_; }

  // TLS is configured and not started yet: offer STLS, refuse cleartext passwords. Call
  // before the first command.
  void OfferTls();
  // The connection is inside TLS now (after kStartTls, or from the start with implicit
  // TLS); binding is the TLS session's channel binding for SCRAM-SHA-256-PLUS.
  void TlsStarted(std::optional<net::ChannelBinding> binding);

 private:
  // One row of the command table, kCommands in server/session_commands.cpp.
  using Handler = Result<Next> (Session::*)(const Command& command, Output& out);
  // What the session must have for a command to exist: without it, the keyword is unknown
  // (AUTH without GNU SASL is still "already logged in" after login).
  enum class Needs { kNothing, kSasl, kTls };
  struct CommandRow {
    std::string_view keyword;  // upper case
    unsigned states;           // StateBit()s of the states that accept it
    Needs needs;
    // Argument counts and the usage text of "-ERR usage: ..." in TRANSACTION; before login
    // the handlers check their own arguments.
    std::size_t min_args;
    std::size_t max_args;
    std::string_view usage;
    Handler handler;
  };
  static constexpr unsigned StateBit(State state) { return 1u << static_cast<unsigned>(state); }
  static const CommandRow* FindCommand(std::string_view keyword);
  // The row for keyword if this session offers that command now (AUTH needs GNU SASL,
  // STLS a certificate), else null.
  const CommandRow* Offered(std::string_view keyword) const;
  // The reply to a command the table does not allow in this state.
  Status Refuse(const CommandRow* row, bool after_user, Output& out);

  // Handlers, one per table row; arguments are checked by the table in TRANSACTION.
  Result<Next> User(const Command& command, Output& out);
  Result<Next> PassCommand(const Command& command, Output& out);
  Result<Next> Capa(const Command& command, Output& out);
  Result<Next> Auth(const Command& command, Output& out);
  Result<Next> Stls(const Command& command, Output& out);
  Result<Next> Quit(const Command& command, Output& out);
  Result<Next> Stat(const Command& command, Output& out);
  Result<Next> List(const Command& command, Output& out);
  Result<Next> Uidl(const Command& command, Output& out);
  Result<Next> Retr(const Command& command, Output& out);
  Result<Next> Top(const Command& command, Output& out);
  Result<Next> Dele(const Command& command, Output& out);
  Result<Next> Rset(const Command& command, Output& out);
  Result<Next> Noop(const Command& command, Output& out);

  Status Pass(std::string_view password, Output& out);
  Status StartAuth(const Command& command, Output& out);
  Status ContinueAuth(std::string_view line, Output& out);
  // Enters TRANSACTION with the maildir credentials opened (user_ is set).
  Status OpenMailbox(const std::string& maildir, Output& out);
  std::string Capabilities() const;
  // The SASL mechanisms this session offers now, space-separated ("" without GNU SASL).
  std::string Mechanisms() const;
  // TLS is configured but not started: passwords must not be sent yet.
  bool TlsRequired() const { return tls_ == TlsState::kOffered; }
  Status SendList(bool uidl, const Command& command, Output& out);
  Status RetrMessage(const Command& command, Output& out);
  Status TopMessage(const Command& command, Output& out);
  Status DeleMessage(const Command& command, Output& out);
  Status Update(Output& out);
  // The message a number argument names, or nullopt after writing the -ERR reply.
  Result<std::optional<std::uint64_t>> Message(std::string_view arg, Output& out);

  Gatekeeper& gatekeeper_;
  Log& log_;
  const SaslLibrary* sasl_;
  MailboxOpener opener_;
  std::unique_ptr<SaslExchange> sasl_exchange_;  // during an AUTH exchange
  enum class TlsState { kNone, kOffered, kActive };

  State state_ = State::kAuthorization;
  TlsState tls_ = TlsState::kNone;
  std::optional<net::ChannelBinding> channel_binding_;  // inside TLS
  std::optional<std::string> pending_user_;             // after USER, until the next command
  std::optional<std::string> previous_user_;            // USER's name for the command after it
  std::string user_;
  std::optional<Mailbox> mailbox_;
};

}  // namespace mpop::server
