#pragma once
// DotDecoder: streaming decoder of a POP3 multi-line body (RFC 1939 section 3).
//
// Feed it the bytes after the status line, in pieces of any size. It removes the stuffed
// dot at the start of lines, turns CRLF (and bare LF) line ends into "\n", keeps other
// CRs, and stops right after the terminating ".\r\n" (or ".\n"): the bytes after it belong
// to the next reply and are not consumed. Lines may be of any length; nothing is held
// back but a pending CR, so a whole mail is never in memory.

#include <cstddef>
#include <string>
#include <string_view>

namespace mpop::pop3 {

class DotDecoder {
 public:
  // Decodes a prefix of `in`, appending the output to `out` (at most in.size() + 1 bytes:
  // a CR held back at the end of the previous piece may come out now).
  // Returns how many bytes of `in` were consumed: all of them unless the terminator was
  // reached inside `in`. Once finished() it consumes nothing.
  std::size_t Decode(std::string_view in, std::string& out);

  // True after the terminating line.
  bool finished() const { return state_ == State::kDone; }

  // Starts a new body.
  void Reset() { state_ = State::kLineStart; }

 private:
  enum class State {
    kLineStart,  // at the start of a line
    kDot,        // after a '.' at the start of a line
    kDotCr,      // after ".\r" at the start of a line
    kMiddle,     // inside a line
    kCr,         // inside a line, after a '\r' not yet written
    kDone,
  };
  State state_ = State::kLineStart;
};

// Dot-stuffs a body for sending (mpopd and tests): lines starting with '.' get another
// '.', every line ends with "\r\n", a last line without "\n" gets one, and ".\r\n" ends it.
std::string DotEncode(std::string_view body);

}  // namespace mpop::pop3
