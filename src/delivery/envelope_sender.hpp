#pragma once
// The envelope sender of a mail (doc/COMPAT.md 3.5): the address that mbox `From ` lines show
// and that replaces %F in MDA and filter commands.
//
// It comes from the first `Return-Path:` or `Sender:` header field that yields an address
// (`Return-Path: <>` yields none, so a later `Sender:` still counts; `From:` never does),
// else it is MAILER-DAEMON. Only the header part of a mail is looked at, and only the
// header part is ever held back (SenderGate), never the body.
//
// Sanitizing (the manual's promise for %F, made stronger): letters, digits and `.@_+/-`
// stay; whitespace becomes '-', every other byte '_'. Then, so that `'%F'` in a command
// can be neither an option nor a path that leaves a directory:
//   - a first character '-', '.' or '/' becomes '_' (no option, no absolute or hidden
//     path; upstream meant to do the first and did not, doc/COMPAT.md 3.5 BUG);
//   - a '.' right after a '.' becomes '_', so ".." never appears ("a/../b" -> "a/._/b").
// The result is never empty.

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "util/result.hpp"
#include "util/unique_fd.hpp"

namespace mpop::delivery {

inline constexpr char kUnknownEnvelopeSender[] = "MAILER-DAEMON";

// The address in one header field value (everything after the colon, folded lines and
// all), by a small RFC 822 state machine: quoted strings and (nested) comments are
// skipped, a `<...>` part wins over the rest, `,` and `;` end the first address, and
// surrounding whitespace is trimmed. nullopt when there is no address (`<>`, empty).
std::optional<std::string> ParseSenderAddress(std::string_view value);

// Sanitizes an address as described above. An empty address gives MAILER-DAEMON.
std::string SanitizeEnvelopeSender(std::string_view address);

// Finds the envelope sender in a stream of mail bytes ("\n" or "\r\n" line ends), chunk
// by chunk, without keeping the header: only a sender candidate's value is held (at most
// kMaxValue bytes; the rest of a longer value is ignored).
class EnvelopeSenderScanner {
 public:
  static constexpr std::size_t kMaxValue = 16 * 1024;

  // Scans the front of `chunk`. Returns how many of its bytes belong to the header part,
  // including the empty line that ends it: all of them until that line arrives, then
  // the bytes up to and including it; 0 once done().
  std::size_t Feed(std::string_view chunk);

  // The empty line ending the header part has been seen.
  bool done() const { return done_; }

  // The sanitized sender found so far; MAILER-DAEMON if none. Final once done(), or at
  // the end of a mail without a body.
  std::string Sender() const;

 private:
  enum class State { kLineStart, kName, kValue, kSkipLine };

  void EndField();
  void StartLine(char c);

  State state_ = State::kLineStart;
  bool done_ = false;
  bool line_is_cr_only_ = false;  // the line so far is "\r": a CRLF empty line ends the header
  std::string name_;              // the field name being read (bounded)
  bool collecting_ = false;       // the current field is a Return-Path: or Sender:
  std::string value_;             // its value so far (bounded by kMaxValue)
  std::optional<std::string> address_;  // the first address found
};

// SenderGate: holds back the header part of a mail until its envelope sender is known,
// for writers that must put the sender in front of the mail (mbox `From ` line) or into
// the command they start (%F). Headers stay in memory up to `memory_limit` bytes, then
// go to an anonymous temporary file in `temp_dir`; the body is never held.
//
// Write() the mail in chunks; at the end of the header part (or at Finish() for a mail
// that has no body) the gate calls `open(sender)` once, then replays the held bytes and
// passes everything after them straight to `sink`. Errors of `open` and `sink` are
// returned as they are; a temporary file that cannot be made or used is kIoErr
// ("cannot create temporary file for mail headers in /tmp: ...").
class SenderGate {
 public:
  using Open = std::function<Status(const std::string& sender)>;
  using Sink = std::function<Status(std::string_view bytes)>;

  static constexpr std::size_t kDefaultMemoryLimit = 64 * 1024;

  // `temp_dir` empty: $TMPDIR, else /tmp.
  SenderGate(Open open, Sink sink, std::size_t memory_limit = kDefaultMemoryLimit,
             std::string temp_dir = {});
  SenderGate(const SenderGate&) = delete;
  SenderGate& operator=(const SenderGate&) = delete;

  Status Write(std::string_view chunk);
  // Ends the mail: opens with the sender found so far if the header never ended.
  Status Finish();
  bool opened() const { return opened_; }
  // Whether the held headers went to a temporary file (for tests).
  bool spilled() const { return spilled_; }

 private:
  Status Hold(std::string_view bytes);
  Status Release();

  Open open_;
  Sink sink_;
  std::size_t memory_limit_;
  std::string temp_dir_;
  EnvelopeSenderScanner scanner_;
  std::string held_;
  UniqueFd spool_file_;
  bool opened_ = false;
  bool spilled_ = false;
};

}  // namespace mpop::delivery
