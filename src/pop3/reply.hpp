#pragma once
// POP3 status lines ("+OK ...", "-ERR ...", SASL "+ ..." continuations) and the errors
// made from them.
//
// Like upstream 1.4.22+ (doc/COMPAT.md 10) any line starting with '+' counts as positive and
// any line starting with '-' as negative, whatever word follows; RFC 2449 response codes
// ("-ERR [IN-USE] ...") are recognised after the status word.

#include <optional>
#include <string>
#include <string_view>

#include "util/error.hpp"
#include "util/result.hpp"

namespace mpop::pop3 {

struct Reply {
  bool ok = false;
  // "+" alone or "+ text": a SASL continuation (RFC 5034); text is then the challenge.
  bool continuation = false;
  // What follows the status word and one space ("+OK hello" -> "hello"), including any
  // response code.
  std::string text;
  // The response code without brackets, upper-cased ("IN-USE", "SYS/TEMP"), if any.
  std::optional<std::string> response_code;
  // The whole line without its line ending, unsanitized.
  std::string line;

  bool operator==(const Reply&) const = default;
};

// Parses one status line given without its line ending. Errors (kProtocol): a line that
// is empty or starts with neither '+' nor '-'.
Result<Reply> ParseReply(std::string_view line);

// Server text made safe to print: control characters become '?'.
std::string SanitizeServerText(std::string_view text);

// `text` sanitized, in double quotes, cut to a readable length: for error messages.
std::string QuoteServerText(std::string_view text);

// The error for a negative reply: `<what>: "<line>"`, followed by an explanation in
// parentheses when the reply carries a response code we know. The code is picked by the
// response code (RFC 2449 / RFC 3206):
//   LOGIN-DELAY, IN-USE, SYS/TEMP -> kTempFail; SYS/PERM -> kUnavailable; AUTH -> kNoPerm;
// otherwise `default_code`. server_message is the sanitized line.
// Example: ReplyError(reply, "POP3 server rejected PASS", ExitCode::kNoPerm).
Error ReplyError(const Reply& reply, std::string_view what, ExitCode default_code);

}  // namespace mpop::pop3
