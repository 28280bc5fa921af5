#include "server/session.hpp"

#include <fmt/format.h>

#include "server/gatekeeper.hpp"
#include "server/log.hpp"
#include "server/output.hpp"
#include "server/sasl_server.hpp"
#include "util/i18n.hpp"

namespace mpop::server {
namespace {

constexpr std::string_view kTlsRequired = "-ERR TLS required: use STLS first";

Status Reply(Output& out, std::string_view text) {
  std::string line(text);
  line.append("\r\n");
  return out.Write(line);
}

}  // namespace

Session::Session(Gatekeeper& gatekeeper, Log& log, const SaslLibrary* sasl, MailboxOpener opener)
    : gatekeeper_(gatekeeper), log_(log), sasl_(sasl), opener_(std::move(opener)) {}

Session::~Session() = default;

void Session::OfferTls() { tls_ = TlsState::kOffered; }

void Session::TlsStarted(std::optional<net::ChannelBinding> binding) {
  tls_ = TlsState::kActive;
  channel_binding_ = std::move(binding);
}

std::string Session::Capabilities() const {
  std::string text = "+OK capability list follows\r\nTOP\r\nUIDL\r\n";
  if (!TlsRequired()) text += "USER\r\n";
  text += "PIPELINING\r\nRESP-CODES\r\nAUTH-RESP-CODE\r\n";
  if (TlsRequired() && state_ == State::kAuthorization) text += "STLS\r\n";
  text += "IMPLEMENTATION mpopd\r\n";
  if (const std::string mechanisms = Mechanisms(); !mechanisms.empty()) {
    text += "SASL " + mechanisms + "\r\n";
  }
  text += ".\r\n";
  return text;
}

std::string Session::Mechanisms() const {
  if (sasl_ == nullptr) return "";
  std::string list;
  std::string_view rest = sasl_->mechanisms();
  while (!rest.empty()) {
    const std::size_t space = rest.find(' ');
    const std::string_view name = rest.substr(0, space);
    rest.remove_prefix(space == std::string_view::npos ? rest.size() : space + 1);
    // -PLUS needs the TLS session to bind to; PLAIN sends the password.
    if (name.ends_with("-PLUS") && !channel_binding_) continue;
    if (name == "PLAIN" && TlsRequired()) continue;
    if (!list.empty()) list += ' ';
    list += name;
  }
  return list;
}

Result<Session::Next> Session::Handle(std::string_view line, Output& out) {
  if (state_ == State::kClosed) return Next::kClose;
  if (sasl_exchange_) {
    MPOP_TRY(ContinueAuth(line, out));
    return Next::kContinue;
  }
  const Command command = ParseCommand(line);
  // USER is good for exactly one following command, which must be PASS (RFC 1939 7).
  previous_user_ = std::exchange(pending_user_, std::nullopt);
  const CommandRow* row = Offered(command.keyword);
  if (row == nullptr || (row->states & StateBit(state_)) == 0) {
    MPOP_TRY(Refuse(row, previous_user_.has_value(), out));
    return Next::kContinue;
  }
  // The table's argument counts hold in TRANSACTION; before it, the handlers check.
  const std::size_t argc = command.args.size();
  if (state_ == State::kTransaction && (argc < row->min_args || argc > row->max_args)) {
    MPOP_TRY(Reply(out, "-ERR usage: " + std::string(row->usage)));
    return Next::kContinue;
  }
  return (this->*row->handler)(command, out);
}

const Session::CommandRow* Session::Offered(std::string_view keyword) const {
  const CommandRow* row = FindCommand(keyword);
  if (row == nullptr) return nullptr;
  if (row->needs == Needs::kTls && tls_ == TlsState::kNone) return nullptr;
  if (row->needs == Needs::kSasl && sasl_ == nullptr && state_ == State::kAuthorization) {
    return nullptr;
  }
  return row;
}

Status Session::Refuse(const CommandRow* row, bool after_user, Output& out) {
  if (state_ == State::kAuthorization) {
    if (after_user) return Reply(out, "-ERR send PASS after USER");
    if (row != nullptr) return Reply(out, "-ERR log in first (USER and PASS)");
  } else if (row != nullptr) {
    return Reply(out, "-ERR already logged in");
  }
  return Reply(out, "-ERR unknown command");
}

Result<Session::Next> Session::User(const Command& command, Output& out) {
  if (TlsRequired()) {
    MPOP_TRY(Reply(out, kTlsRequired));
  } else if (command.rest.empty()) {
    MPOP_TRY(Reply(out, "-ERR USER needs a user name"));
  } else {
    pending_user_ = std::string(command.rest);
    MPOP_TRY(Reply(out, "+OK send PASS"));
  }
  return Next::kContinue;
}

Result<Session::Next> Session::PassCommand(const Command& command, Output& out) {
  if (!previous_user_) {
    MPOP_TRY(Reply(out, "-ERR send USER first"));
  } else if (!command.has_rest) {
    MPOP_TRY(Reply(out, "-ERR PASS needs a password"));
  } else {
    user_ = std::move(*previous_user_);
    MPOP_TRY(Pass(command.rest, out));
  }
  return Next::kContinue;
}

Result<Session::Next> Session::Capa(const Command&, Output& out) {
  MPOP_TRY(out.Write(Capabilities()));
  return Next::kContinue;
}

Result<Session::Next> Session::Auth(const Command& command, Output& out) {
  MPOP_TRY(StartAuth(command, out));
  return Next::kContinue;
}

Result<Session::Next> Session::Quit(const Command&, Output& out) {
  if (state_ == State::kTransaction) {
    MPOP_TRY(Update(out));
  } else {
    MPOP_TRY(Reply(out, "+OK mpopd signing off"));
    state_ = State::kClosed;
  }
  return Next::kClose;
}

Result<Session::Next> Session::Stls(const Command& command, Output& out) {
  if (tls_ == TlsState::kActive) {
    MPOP_TRY(Reply(out, "-ERR already using TLS"));
  } else if (state_ != State::kAuthorization) {
    MPOP_TRY(Reply(out, "-ERR STLS is only allowed before login"));
  } else if (!command.args.empty()) {
    MPOP_TRY(Reply(out, "-ERR usage: STLS"));
  } else {
    MPOP_TRY(Reply(out, "+OK begin TLS negotiation"));
    return Next::kStartTls;
  }
  return Next::kContinue;
}

Status Session::Pass(std::string_view password, Output& out) {
  std::optional<std::string> maildir = gatekeeper_.Admit(user_, password);
  if (!maildir) {
    log_.Info(TrFormat("authorization for user {} failed: invalid credentials", user_));
    return Reply(out, "-ERR [AUTH] authorization failed");
  }
  return OpenMailbox(*maildir, out);
}

Status Session::StartAuth(const Command& command, Output& out) {
  const std::string mechanisms = Mechanisms();
  if (command.args.empty()) {
    std::string list = "+OK SASL mechanisms follow\r\n";
    for (char c : mechanisms) list += c == ' ' ? std::string("\r\n") : std::string(1, c);
    if (!mechanisms.empty()) list += "\r\n";
    return out.Write(list + ".\r\n");
  }
  if (command.args.size() > 2) return Reply(out, "-ERR usage: AUTH mechanism [initial-response]");
  std::string mechanism(command.args[0]);
  for (char& c : mechanism) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  if (!ListsMechanism(mechanisms, mechanism)) {
    // PLAIN and the -PLUS mechanisms wait for STLS.
    if (TlsRequired() && sasl_->Offers(mechanism)) return Reply(out, kTlsRequired);
    return Reply(out, "-ERR unsupported authentication mechanism");
  }
  Result<std::unique_ptr<SaslExchange>> exchange = SaslExchange::Start(
      *sasl_, mechanism, gatekeeper_, channel_binding_ ? &*channel_binding_ : nullptr);
  if (!exchange) {
    log_.Error(exchange.error().message);
    return Reply(out, "-ERR [SYS/TEMP] authentication is not available");
  }
  sasl_exchange_ = std::move(*exchange);
  if (command.args.size() == 2) {
    // RFC 5034 4: "=" is an empty initial response. Neither PLAIN nor SCRAM can start
    // with nothing, and GNU SASL would take it for "no initial response".
    if (command.args[1] == "=") {
      sasl_exchange_.reset();
      log_.Info(Tr("authentication for user (unknown) failed: empty initial response"));
      return Reply(out, "-ERR [AUTH] authentication failed");
    }
    return ContinueAuth(command.args[1], out);
  }
  return ContinueAuth("", out);
}

Status Session::ContinueAuth(std::string_view line, Output& out) {
  if (line == "*") {
    sasl_exchange_.reset();
    return Reply(out, "-ERR authentication cancelled");
  }
  SaslExchange::Step step = sasl_exchange_->Feed(line);
  if (step.kind == SaslExchange::Step::Kind::kChallenge) return Reply(out, "+ " + step.challenge);
  sasl_exchange_.reset();
  if (step.kind == SaslExchange::Step::Kind::kFailure) {
    log_.Info(TrFormat("authentication for user {} failed: invalid credentials",
                       step.user.empty() ? std::string("(unknown)") : step.user));
    return Reply(out, "-ERR [AUTH] authentication failed");
  }
  user_ = step.user;
  return OpenMailbox(step.maildir, out);
}

Status Session::OpenMailbox(const std::string& maildir, Output& out) {
  Result<Mailbox> mailbox = opener_(maildir);
  if (!mailbox) {
    if (mailbox.error().code == ExitCode::kTempFail) {
      log_.Info(TrFormat("user {} authorized, but the mailbox is in use", user_));
      return Reply(out, "-ERR [IN-USE] mailbox is in use by another session");
    }
    log_.Error(TrFormat("user {} authorized, but {}", user_, mailbox.error().message));
    return Reply(out, "-ERR [SYS/TEMP] cannot access mailbox");
  }
  mailbox_ = std::move(*mailbox);
  state_ = State::kTransaction;
  log_.Info(TrFormat("user {} authorized and mailbox locked", user_));
  // TRANSLATORS: upstream's log line, "mails" also for one mail (doc/COMPAT.md 9).
  log_.Info(TrNFormat("starting transaction phase with {} mails in mailbox",
                      "starting transaction phase with {} mails in mailbox", mailbox_->count(),
                      mailbox_->count()));
  return Reply(out, fmt::format("+OK {} messages ({} octets)", mailbox_->live_count(),
                                mailbox_->live_size()));
}

Result<Session::Next> Session::Rset(const Command&, Output& out) {
  mailbox_->UnmarkAll();
  MPOP_TRY(Reply(out, fmt::format("+OK {} messages ({} octets)", mailbox_->live_count(),
                                  mailbox_->live_size())));
  return Next::kContinue;
}

Result<Session::Next> Session::Noop(const Command&, Output& out) {
  MPOP_TRY(Reply(out, "+OK"));
  return Next::kContinue;
}

Result<std::optional<std::uint64_t>> Session::Message(std::string_view arg, Output& out) {
  std::optional<std::uint64_t> number = ParseNumber(arg);
  if (!number) {
    MPOP_TRY(Reply(out, "-ERR invalid message number"));
    return std::optional<std::uint64_t>();
  }
  if (mailbox_->IsDeleted(*number)) {
    MPOP_TRY(Reply(out, fmt::format("-ERR message {} is deleted", *number)));
    return std::optional<std::uint64_t>();
  }
  if (mailbox_->Find(*number) == nullptr) {
    MPOP_TRY(Reply(out, "-ERR no such message"));
    return std::optional<std::uint64_t>();
  }
  return number;
}

Result<Session::Next> Session::Stat(const Command&, Output& out) {
  MPOP_TRY(Reply(out, fmt::format("+OK {} {}", mailbox_->live_count(), mailbox_->live_size())));
  return Next::kContinue;
}

Result<Session::Next> Session::List(const Command& command, Output& out) {
  MPOP_TRY(SendList(false, command, out));
  return Next::kContinue;
}

Result<Session::Next> Session::Uidl(const Command& command, Output& out) {
  MPOP_TRY(SendList(true, command, out));
  return Next::kContinue;
}

Status Session::SendList(bool uidl, const Command& command, Output& out) {
  auto entry = [&](std::uint64_t number) {
    const MailFile* mail = mailbox_->Find(number);
    return uidl ? fmt::format("{} {}", number, mail->uid)
                : fmt::format("{} {}", number, mail->size);
  };
  if (!command.args.empty()) {
    Result<std::optional<std::uint64_t>> number = Message(command.args[0], out);
    if (!number) return std::move(number).error();
    if (!*number) return {};
    return Reply(out, "+OK " + entry(**number));
  }
  std::string text = uidl ? std::string("+OK unique-id listing follows\r\n")
                          : fmt::format("+OK {} messages ({} octets)\r\n", mailbox_->live_count(),
                                        mailbox_->live_size());
  for (std::uint64_t number = 1; number <= mailbox_->count(); ++number) {
    if (mailbox_->Find(number) == nullptr) continue;
    text += entry(number);
    text += "\r\n";
    // Thousands of mails: hand the listing over in pieces, the Output buffers and sends.
    if (text.size() >= 32 * 1024) {
      MPOP_TRY(out.Write(text));
      text.clear();
    }
  }
  text += ".\r\n";
  return out.Write(text);
}

Status Session::RetrMessage(const Command& command, Output& out) {
  Result<std::optional<std::uint64_t>> number = Message(command.args[0], out);
  if (!number) return std::move(number).error();
  if (!*number) return {};
  const MailFile* mail = mailbox_->Find(**number);
  Status sent =
      mailbox_->Send(**number, std::nullopt, out, fmt::format("+OK {} octets\r\n", mail->size));
  if (!sent && sent.error().code == ExitCode::kNoInput) {
    log_.Error(sent.error().message);
    return Reply(out, fmt::format("-ERR [SYS/TEMP] message {} cannot be read", **number));
  }
  return sent;
}

Status Session::TopMessage(const Command& command, Output& out) {
  std::optional<std::uint64_t> lines = ParseNumber(command.args[1]);
  if (!lines) return Reply(out, "-ERR invalid line count");
  Result<std::optional<std::uint64_t>> number = Message(command.args[0], out);
  if (!number) return std::move(number).error();
  if (!*number) return {};
  Status sent = mailbox_->Send(**number, *lines, out, "+OK top of message follows\r\n");
  if (!sent && sent.error().code == ExitCode::kNoInput) {
    log_.Error(sent.error().message);
    return Reply(out, fmt::format("-ERR [SYS/TEMP] message {} cannot be read", **number));
  }
  return sent;
}

Status Session::DeleMessage(const Command& command, Output& out) {
  Result<std::optional<std::uint64_t>> number = Message(command.args[0], out);
  if (!number) return std::move(number).error();
  if (!*number) return {};
  mailbox_->MarkDeleted(**number);
  return Reply(out, fmt::format("+OK message {} deleted", **number));
}

Status Session::Update(Output& out) {
  state_ = State::kClosed;
  Mailbox::CommitResult result = mailbox_->Commit();
  mailbox_.reset();  // unlocks the maildir before the client hears the reply
  for (const std::string& failure : result.failures) log_.Error(failure);
  if (result.already_gone > 0) {
    log_.Info(TrNFormat("{} mails marked for deletion had already been removed by another program",
                        "{} mails marked for deletion had already been removed by another program",
                        result.already_gone, result.already_gone));
  }
  log_.Info(TrNFormat("{} mails deleted in update phase; session ends",
                      "{} mails deleted in update phase; session ends", result.removed,
                      result.removed));
  if (!result.failures.empty()) {
    return Reply(out, fmt::format("-ERR [SYS/PERM] {} deleted messages could not be removed",
                                  result.failures.size()));
  }
  return Reply(out, fmt::format("+OK mpopd signing off ({} messages deleted)", result.removed));
}

}  // namespace mpop::server
