#include "pop3/session.hpp"

#include <utility>

#include "pop3/lines_handler.hpp"
#include "util/i18n.hpp"
#include "util/transport.hpp"

namespace mpop::pop3 {
namespace {

// Keeps the reply; a negative one is an error unless tolerated.
class OkHandler : public ReplyHandler {
 public:
  OkHandler(std::string what, ExitCode code) : what_(std::move(what)), code_(code) {}
  Status OnReply(const Reply& reply) override {
    if (!reply.ok) return ReplyError(reply, what_, code_);
    reply_ = reply;
    return {};
  }
  const Reply& reply() const { return reply_; }

 private:
  std::string what_;
  ExitCode code_;
  Reply reply_;
};

class ListHandler : public LinesHandler {
 public:
  explicit ListHandler(long count) : LinesHandler("LIST"), parser_(count) {}
  Status OnReply(const Reply& reply) override {
    if (!reply.ok)
      return ReplyError(reply, TrFormat("POP3 server rejected {}", "LIST"), ExitCode::kProtocol);
    return {};
  }
  Result<std::vector<std::uint64_t>> Finish() { return parser_.Finish(); }
  // For a LIST sent before the STAT reply told the count.
  void Reset(long count) { parser_ = ListParser(count); }

 protected:
  Status OnLine(std::string_view line) override { return parser_.AddLine(line); }

 private:
  ListParser parser_;
};

class UidlHandler : public LinesHandler {
 public:
  explicit UidlHandler(long count) : LinesHandler("UIDL"), parser_(count) {}
  Status OnReply(const Reply& reply) override {
    ok_ = reply.ok;
    return {};
  }
  Result<std::optional<UidList>> Finish() {
    if (!ok_) return std::optional<UidList>();
    Result<UidList> list = parser_.Finish();
    if (!list) return std::move(list).error();
    return std::optional<UidList>(std::move(*list));
  }
  void Reset(long count) { parser_ = UidlParser(count); }

 protected:
  Status OnLine(std::string_view line) override { return parser_.AddLine(line); }

 private:
  bool ok_ = false;
  UidlParser parser_;
};

// Keeps any reply: the caller judges it (ParseGreeting, SASL exchanges).
class AnyReplyHandler : public ReplyHandler {
 public:
  Status OnReply(const Reply& reply) override {
    reply_ = reply;
    return {};
  }
  const Reply& reply() const { return reply_; }

 private:
  Reply reply_;
};

}  // namespace

class Session::CapaHandler : public LinesHandler {
 public:
  CapaHandler() : LinesHandler("CAPA") {}
  Status OnReply(const Reply& reply) override {
    ok_ = reply.ok;
    return {};
  }
  Capabilities Take() const { return ok_ ? ParseCapabilities(lines_) : Capabilities(); }
  std::vector<std::string> TakeLines() {
    return ok_ ? std::move(lines_) : std::vector<std::string>();
  }

 protected:
  Status OnLine(std::string_view line) override {
    if (lines_.size() < kMaxCapabilityLines) lines_.emplace_back(line);
    return {};
  }

 private:
  bool ok_ = false;
  std::vector<std::string> lines_;
};

Session::Session(Transport& transport, SessionOptions options)
    : pipeline_(transport, {options.pipelining, options.trace}) {}

Result<Greeting> Session::ReadGreeting() {
  AnyReplyHandler handler;
  pipeline_.ExpectReply(handler);
  MPOP_TRY(pipeline_.Run());
  return ParseGreeting(handler.reply());
}

Result<Capabilities> Session::Capa(std::vector<std::string>* lines) {
  CapaHandler handler;
  MPOP_TRY(pipeline_.Queue("CAPA", true, handler));
  MPOP_TRY(pipeline_.Run());
  Capabilities capabilities = handler.Take();
  if (lines != nullptr) *lines = handler.TakeLines();
  return capabilities;
}

std::optional<std::pair<Capabilities, std::vector<std::string>>> Session::TakeCapaOfLogin() {
  std::unique_ptr<CapaHandler> handler = std::move(login_capa_);
  if (!handler) return std::nullopt;
  Capabilities capabilities = handler->Take();
  return std::pair{std::move(capabilities), handler->TakeLines()};
}

Status Session::Stls() {
  OkHandler handler(TrFormat("POP3 server rejected {}", "STLS"), ExitCode::kProtocol);
  MPOP_TRY(pipeline_.Queue("STLS", false, handler));
  MPOP_TRY(pipeline_.Run());
  if (pipeline_.Buffered() > 0) {
    return Error::Protocol(
        Tr("command STLS failed: the POP3 server sent data after its reply to STLS "
           "(possibly injected by an attacker)"));
  }
  return {};
}

Status Session::Apop(std::string_view user, std::string_view digest_hex) {
  OkHandler handler(TrFormat("POP3 server rejected {}", "APOP"), ExitCode::kNoPerm);
  MPOP_TRY(
      pipeline_.Queue("APOP " + std::string(user) + " " + std::string(digest_hex), false, handler));
  return pipeline_.Run();
}

Result<Reply> Session::Exchange(std::string line) {
  AnyReplyHandler handler;
  MPOP_TRY(pipeline_.Queue(std::move(line), false, handler));
  MPOP_TRY(pipeline_.Run());
  return handler.reply();
}

Result<MailboxStat> Session::Stat() {
  OkHandler handler(TrFormat("POP3 server rejected {}", "STAT"), ExitCode::kProtocol);
  MPOP_TRY(pipeline_.Queue("STAT", false, handler));
  MPOP_TRY(pipeline_.Run());
  return ParseStat(handler.reply().text);
}

Result<std::vector<std::uint64_t>> Session::List(long count) {
  Result<Scan> scan = ListAndUidl(count, false);
  if (!scan) return std::move(scan).error();
  return std::move(scan->sizes);
}

Result<std::optional<UidList>> Session::Uidl(long count) {
  if (count == 0) return std::optional<UidList>(UidList());
  UidlHandler handler(count);
  MPOP_TRY(pipeline_.Queue("UIDL", true, handler));
  MPOP_TRY(pipeline_.Run());
  return handler.Finish();
}

Result<Scan> Session::ListAndUidl(long count, bool want_uidl) {
  Scan scan;
  if (count == 0) {
    if (want_uidl) scan.uids = UidList();
    return scan;
  }
  ListHandler list_handler(count);
  UidlHandler uidl_handler(count);
  MPOP_TRY(pipeline_.Queue("LIST", true, list_handler));
  if (want_uidl) MPOP_TRY(pipeline_.Queue("UIDL", true, uidl_handler));
  MPOP_TRY(pipeline_.Run());
  Result<std::vector<std::uint64_t>> sizes = list_handler.Finish();
  if (!sizes) return std::move(sizes).error();
  scan.sizes = std::move(*sizes);
  if (want_uidl) {
    Result<std::optional<UidList>> uids = uidl_handler.Finish();
    if (!uids) return std::move(uids).error();
    scan.uids = std::move(*uids);
  }
  return scan;
}

namespace {

// STAT's reply gives the count that the LIST and UIDL parsers sent along with it need;
// replies are handled in order, so it arrives before theirs. Null: not asked (and then
// not given room for every message, issue 17).
class StatHandler : public ReplyHandler {
 public:
  StatHandler(ListHandler* list, UidlHandler* uidl) : list_(list), uidl_(uidl) {}
  Status OnReply(const Reply& reply) override {
    if (!reply.ok)
      return ReplyError(reply, TrFormat("POP3 server rejected {}", "STAT"), ExitCode::kProtocol);
    Result<MailboxStat> stat = ParseStat(reply.text);
    if (!stat) return std::move(stat).error();
    stat_ = *stat;
    if (list_ != nullptr) list_->Reset(stat_.count);
    if (uidl_ != nullptr) uidl_->Reset(stat_.count);
    return {};
  }
  const MailboxStat& stat() const { return stat_; }

 private:
  ListHandler* list_;
  UidlHandler* uidl_;
  MailboxStat stat_;
};

}  // namespace

// The pipelined STAT + LIST + UIDL: queued together, judged once all replies are in.
class Session::ScanHandlers {
 public:
  ScanHandlers(bool want_uidl, bool want_list) : want_uidl_(want_uidl), want_list_(want_list) {}
  bool wants(bool uidl, bool list) const { return want_uidl_ == uidl && want_list_ == list; }

  Status Queue(Pipeline& pipeline) {
    MPOP_TRY(pipeline.Queue("STAT", false, stat_));
    if (want_list_) MPOP_TRY(pipeline.Queue("LIST", true, list_));
    if (want_uidl_) MPOP_TRY(pipeline.Queue("UIDL", true, uidl_));
    return {};
  }

  Result<std::pair<MailboxStat, Scan>> Finish() {
    Scan scan;
    if (want_list_) {
      Result<std::vector<std::uint64_t>> sizes = list_.Finish();
      if (!sizes) return std::move(sizes).error();
      scan.sizes = std::move(*sizes);
    } else {
      scan.sizes_known = false;
    }
    if (want_uidl_) {
      Result<std::optional<UidList>> uids = uidl_.Finish();
      if (!uids) return std::move(uids).error();
      scan.uids = std::move(*uids);
    }
    return std::pair{stat_.stat(), std::move(scan)};
  }

 private:
  bool want_uidl_;
  bool want_list_;
  ListHandler list_{0};
  UidlHandler uidl_{0};
  StatHandler stat_{want_list_ ? &list_ : nullptr, want_uidl_ ? &uidl_ : nullptr};
};

Session::~Session() = default;

Status Session::UserPass(std::string_view user, std::string_view password) {
  OkHandler user_handler(TrFormat("POP3 server rejected {}", "USER"), ExitCode::kNoPerm);
  OkHandler pass_handler(TrFormat("POP3 server rejected {}", "PASS"), ExitCode::kNoPerm);
  if (std::exchange(capa_with_login_, false)) {
    login_capa_ = std::make_unique<CapaHandler>();
    MPOP_TRY(pipeline_.Queue("CAPA", true, *login_capa_));
  }
  MPOP_TRY(pipeline_.Queue("USER " + std::string(user), false, user_handler));
  MPOP_TRY(pipeline_.Queue("PASS " + std::string(password), false, pass_handler));
  if (scan_after_login_ && pipeline_.pipelining()) {
    early_scan_ = std::make_unique<ScanHandlers>(scan_after_login_->uidl, scan_after_login_->list);
    MPOP_TRY(early_scan_->Queue(pipeline_));
  }
  return pipeline_.Run();
}

Result<std::pair<MailboxStat, Scan>> Session::StatAndScan(bool want_uidl, bool want_list) {
  if (std::unique_ptr<ScanHandlers> early = std::move(early_scan_)) {
    if (early->wants(want_uidl, want_list)) return early->Finish();
  }
  if (!pipeline_.pipelining()) {
    Result<MailboxStat> stat = Stat();
    if (!stat) return std::move(stat).error();
    if (!want_list) {
      Scan scan;
      scan.sizes_known = false;
      if (want_uidl) {
        Result<std::optional<UidList>> uids = Uidl(stat->count);
        if (!uids) return std::move(uids).error();
        scan.uids = std::move(*uids);
      }
      return std::pair{*stat, std::move(scan)};
    }
    Result<Scan> scan = ListAndUidl(stat->count, want_uidl);
    if (!scan) return std::move(scan).error();
    return std::pair{*stat, std::move(*scan)};
  }
  ScanHandlers handlers(want_uidl, want_list);
  MPOP_TRY(handlers.Queue(pipeline_));
  MPOP_TRY(pipeline_.Run());
  return handlers.Finish();
}

namespace {

// The reply to one "LIST n": its size, or "bad" for -ERR or a malformed line.
class ListOneHandler : public ReplyHandler {
 public:
  ListOneHandler(long number, std::uint64_t& size, bool& bad)
      : number_(number), size_(size), bad_(bad) {}
  Status OnReply(const Reply& reply) override {
    std::optional<std::uint64_t> size =
        reply.ok ? ParseListReply(reply.text, number_) : std::nullopt;
    if (size) {
      size_ = *size;
    } else {
      bad_ = true;
    }
    return {};
  }

 private:
  long number_;
  std::uint64_t& size_;
  bool& bad_;
};

}  // namespace

Result<std::optional<std::vector<std::uint64_t>>> Session::ListEach(
    const std::vector<long>& numbers) {
  std::vector<std::uint64_t> sizes(numbers.size());
  bool bad = false;
  std::deque<ListOneHandler> handlers;
  for (std::size_t i = 0; i < numbers.size(); ++i) {
    MPOP_TRY(QueueList(numbers[i], handlers.emplace_back(numbers[i], sizes[i], bad)));
  }
  MPOP_TRY(pipeline_.Run());
  if (bad) return std::optional<std::vector<std::uint64_t>>();
  return std::optional<std::vector<std::uint64_t>>(std::move(sizes));
}

Status Session::QueueList(long number, ReplyHandler& handler) {
  return pipeline_.Queue("LIST " + std::to_string(number), false, handler);
}

Status Session::QueueRetr(long number, ReplyHandler& handler) {
  return pipeline_.Queue("RETR " + std::to_string(number), true, handler);
}

Status Session::QueueTop(long number, long lines, ReplyHandler& handler) {
  return pipeline_.Queue("TOP " + std::to_string(number) + " " + std::to_string(lines), true,
                         handler);
}

Status Session::QueueDele(long number) {
  MPOP_TRY(pipeline_.Queue("DELE " + std::to_string(number), false, dele_handler_));
  dele_handler_.numbers.push_back(number);
  return {};
}

Status Session::DeleHandler::OnReply(const Reply& reply) {
  long number = numbers.front();
  numbers.pop_front();
  if (!reply.ok) {
    return ReplyError(reply, TrFormat("POP3 server rejected {}", "DELE " + std::to_string(number)),
                      ExitCode::kProtocol);
  }
  return {};
}

Status Session::Quit() {
  if (!quit_handler_) MPOP_TRY(QueueQuit());
  return pipeline_.Run();
}

Status Session::SendQuit() {
  MPOP_TRY(QueueQuit());
  return pipeline_.Send();
}

Status Session::QueueQuit() {
  quit_handler_ =
      std::make_unique<OkHandler>(TrFormat("POP3 server rejected {}", "QUIT"), ExitCode::kProtocol);
  return pipeline_.Queue("QUIT", false, *quit_handler_);
}

}  // namespace mpop::pop3
