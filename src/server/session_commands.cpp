// mpopd's commands as one table (the model is Dovecot's pop3-commands.c): a command is a
// row here plus its handler, a Session member. Session::Handle looks the keyword up, checks
// the state and, in TRANSACTION, the argument count, then calls the handler. A known
// command in the wrong state is refused by Session::Refuse ("log in first", "already
// logged in"); an unknown one gets "-ERR unknown command".

#include <limits>

#include "server/session.hpp"

namespace mpop::server {
namespace {

constexpr std::size_t kAny = std::numeric_limits<std::size_t>::max();

}  // namespace

const Session::CommandRow* Session::FindCommand(std::string_view keyword) {
  constexpr unsigned kAuthorization = StateBit(State::kAuthorization);
  constexpr unsigned kTransaction = StateBit(State::kTransaction);
  constexpr unsigned kBoth = kAuthorization | kTransaction;
  constexpr Needs kSasl = Needs::kSasl;
  constexpr Needs kTls = Needs::kTls;
  constexpr Needs kAlways = Needs::kNothing;
  // clang-format off
  static constexpr CommandRow kCommands[] = {
      // keyword states          needs    args      usage            handler
      {"USER",   kAuthorization, kAlways, 0, kAny, "",              &Session::User},
      {"PASS",   kAuthorization, kAlways, 0, kAny, "",              &Session::PassCommand},
      {"AUTH",   kAuthorization, kSasl,   0, kAny, "",              &Session::Auth},
      {"CAPA",   kBoth,          kAlways, 0, kAny, "",              &Session::Capa},
      {"STLS",   kBoth,          kTls,    0, kAny, "",              &Session::Stls},
      {"QUIT",   kBoth,          kAlways, 0, 0,    "QUIT",          &Session::Quit},
      {"STAT",   kTransaction,   kAlways, 0, 0,    "STAT",          &Session::Stat},
      {"LIST",   kTransaction,   kAlways, 0, 1,    "LIST [msg]",    &Session::List},
      {"UIDL",   kTransaction,   kAlways, 0, 1,    "UIDL [msg]",    &Session::Uidl},
      {"RETR",   kTransaction,   kAlways, 1, 1,    "RETR msg",      &Session::Retr},
      {"TOP",    kTransaction,   kAlways, 2, 2,    "TOP msg lines", &Session::Top},
      {"DELE",   kTransaction,   kAlways, 1, 1,    "DELE msg",      &Session::Dele},
      {"RSET",   kTransaction,   kAlways, 0, 0,    "RSET",          &Session::Rset},
      {"NOOP",   kTransaction,   kAlways, 0, 0,    "NOOP",          &Session::Noop},
  };
  // clang-format on
  for (const CommandRow& row : kCommands) {
    if (row.keyword == keyword) return &row;
  }
  return nullptr;
}

Result<Session::Next> Session::Retr(const Command& command, Output& out) {
  MPOP_TRY(RetrMessage(command, out));
  return Next::kContinue;
}

Result<Session::Next> Session::Top(const Command& command, Output& out) {
  MPOP_TRY(TopMessage(command, out));
  return Next::kContinue;
}

Result<Session::Next> Session::Dele(const Command& command, Output& out) {
  MPOP_TRY(DeleMessage(command, out));
  return Next::kContinue;
}

}  // namespace mpop::server
