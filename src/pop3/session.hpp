#pragma once
// Session: the POP3 commands mpop uses, on top of a Pipeline. Each synchronous method
// queues its command(s), runs the pipeline and returns the parsed result; the retrieval
// loop queues RETR/TOP/DELE itself and calls Run() (or works on pipeline() directly).
//
// Errors quote the server (`POP3 server rejected USER: "-ERR no such user"`) with the code
// of doc/COMPAT.md 7.10: authentication rejected -> kNoPerm; -ERR to STAT, LIST, STLS, DELE,
// QUIT -> kProtocol; an RFC 2449/3206 response code overrides both (see ReplyError()).
// After any error the session is unusable: close the connection without QUIT.

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pop3/capabilities.hpp"
#include "pop3/greeting.hpp"
#include "pop3/listing.hpp"
#include "pop3/pipeline.hpp"
#include "util/result.hpp"

namespace mpop::pop3 {

struct SessionOptions {
  bool pipelining = false;  // resolved `pipelining` setting; can change later
  Trace* trace = nullptr;
};

// What LIST and UIDL told about the mailbox.
struct Scan {
  // By message number - 1; empty when LIST was not asked (sizes_known false: a kept
  // mailbox of 50,000 mails needs no 400 KB of zeros, issue 17).
  std::vector<std::uint64_t> sizes;
  std::optional<UidList> uids;  // nullopt: UIDL not asked or answered with -ERR
  bool sizes_known = true;
  bool operator==(const Scan&) const = default;
};

class Session {
 public:
  Session(Transport& transport, SessionOptions options);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  Pipeline& pipeline() { return pipeline_; }
  void set_pipelining(bool on) { pipeline_.set_pipelining(on); }

  // Reads the greeting (a negative one is an error, kProtocol by default).
  Result<Greeting> ReadGreeting();

  // CAPA. A negative reply is no error: the result has capa_supported false. `lines`, if
  // given, receives the reply's lines (empty for a negative reply).
  Result<Capabilities> Capa(std::vector<std::string>* lines = nullptr);
  // Asks the next UserPass() to send CAPA right before USER, in the same write, and
  // TakeCapaOfLogin() then to return its answer (lines as with Capa()). For a session that
  // chose its login from remembered capabilities: the fresh ones come without a round trip
  // of their own. Ignored by every other login method.
  void CapaWithLogin() { capa_with_login_ = true; }
  // The answer to that CAPA; nullopt if it was not sent.
  std::optional<std::pair<Capabilities, std::vector<std::string>>> TakeCapaOfLogin();

  // STLS; on success the caller does the TLS handshake on the same connection and then
  // SwitchTransport()s. Error (kProtocol) also when the server sent anything after its
  // +OK, since such bytes could be plaintext injected before TLS (doc/COMPAT.md 1.1 step 6).
  Status Stls();
  void SwitchTransport(Transport& transport) { pipeline_.SwitchTransport(transport); }

  // USER and PASS, sent together when pipelining. Without pipelining PASS is not sent
  // after a rejected USER.
  Status UserPass(std::string_view user, std::string_view password);
  // Asks the next UserPass() to send STAT, LIST and (if want_uidl) UIDL right behind PASS
  // when pipelining is on, and StatAndScan(want_uidl) then to return their answers: the
  // round trip between login and scan is saved. A rejected login is still UserPass()'s
  // error (the scan commands are then answered with -ERR, which nobody reads). Ignored
  // by every other login method and without pipelining.
  void ScanRightAfterLogin(bool want_uidl, bool want_list = true) {
    scan_after_login_ = ScanWanted{want_uidl, want_list};
  }
  // APOP with the lowercase hex MD5 digest computed by the caller.
  Status Apop(std::string_view user, std::string_view digest_hex);
  // Sends one line (a command such as "AUTH PLAIN", or a SASL response) and returns its
  // one-line reply without judging it: positive, negative or a "+ " continuation (see
  // Reply::continuation). For SASL exchanges; the caller turns a -ERR into its error
  // with ReplyError(reply, "...", ExitCode::kNoPerm).
  Result<Reply> Exchange(std::string line);

  Result<MailboxStat> Stat();
  Result<std::vector<std::uint64_t>> List(long count);
  // nullopt: the server answered UIDL with -ERR (tolerated: every mail is new).
  Result<std::optional<UidList>> Uidl(long count);
  // LIST and (if want_uidl) UIDL, pipelined together when pipelining is on. With count 0
  // nothing is sent.
  Result<Scan> ListAndUidl(long count, bool want_uidl);

  // STAT, LIST (unless want_list is false: then the sizes are unknown, see Scan) and (if
  // want_uidl) UIDL. With pipelining all go in one round trip; without it this is Stat()
  // then ListAndUidl().
  Result<std::pair<MailboxStat, Scan>> StatAndScan(bool want_uidl, bool want_list = true);

  // The sizes of some messages (numbers from 1), by pipelined "LIST n": nullopt when the
  // server answered one of them with -ERR or a line that is not "+OK n size" (the caller
  // then asks the whole LIST). A connection error is an error.
  Result<std::optional<std::vector<std::uint64_t>>> ListEach(const std::vector<long>& numbers);
  // Queues "LIST n" (a one-line reply, see ParseListReply()).
  Status QueueList(long number, ReplyHandler& handler);

  // Queue multi-line commands; the handler judges the reply (for a -ERR, return e.g.
  // ReplyError(reply, "POP3 server rejected RETR 5", ExitCode::kProtocol)).
  Status QueueRetr(long number, ReplyHandler& handler);
  Status QueueTop(long number, long lines, ReplyHandler& handler);
  // Queues DELE; a -ERR makes Run() fail (kProtocol).
  Status QueueDele(long number);
  // Sends everything queued and handles all replies.
  Status Run() { return pipeline_.Run(); }

  // QUIT, and its reply. After SendQuit() only the reply is read.
  Status Quit();
  // Sends QUIT without waiting for its reply, which Quit() then reads: for a session that
  // deletes nothing, whose last work need not wait for the server to end it.
  Status SendQuit();

 private:
  class DeleHandler : public ReplyHandler {
   public:
    Status OnReply(const Reply& reply) override;
    std::deque<long> numbers;
  };

  class ScanHandlers;
  class CapaHandler;

  Status QueueQuit();

  Pipeline pipeline_;
  DeleHandler dele_handler_;
  std::unique_ptr<ReplyHandler> quit_handler_;  // set once QUIT is queued
  struct ScanWanted {
    bool uidl = false;
    bool list = true;
  };
  std::optional<ScanWanted> scan_after_login_;
  std::unique_ptr<ScanHandlers> early_scan_;  // queued behind PASS
  bool capa_with_login_ = false;
  std::unique_ptr<CapaHandler> login_capa_;  // queued before USER
};

}  // namespace mpop::pop3
