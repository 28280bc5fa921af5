#pragma once
// WireEncoder: turns a stored mail (maildir file, LF or CRLF line ends) into the bytes of a
// POP3 multi-line response body, chunk by chunk, so no mail is ever held whole in memory.
//
// Rules, the same for RETR, TOP and the sizes of STAT/LIST (which must count exactly what
// RETR sends, RFC 1939 section 11):
//   - a LF not preceded by CR becomes CRLF; CRLF stays; a lone CR stays as it is;
//   - a line starting with '.' gets one more '.' (dot-stuffing) when dot_stuff is set;
//     sizes are counted without these bytes, as RFC 1939 says;
//   - a last line without a line end gets one ("\r\n", or "\n" after a trailing CR), so the
//     terminating ".\r\n" always starts a line.
// For TOP, body_lines limits the output to the header, the empty line that ends it and that
// many body lines (a mail without an empty line is all header).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mpop::server {

class WireEncoder {
 public:
  struct Options {
    bool dot_stuff = true;
    std::optional<std::uint64_t> body_lines{};  // nullopt: the whole mail
  };

  explicit WireEncoder(Options options) : options_(options) {}

  // Appends the encoding of `chunk` to `out`.
  void Feed(std::string_view chunk, std::string& out);
  // Appends the line end a mail without a final one needs. Call once, at the end.
  void Finish(std::string& out);
  // True once a TOP limit is reached: the rest of the file can be skipped.
  bool done() const { return done_; }

 private:
  // Called for a LF: ends the current line and advances the TOP state.
  void EndLine();

  Options options_;
  bool at_line_start_ = true;
  bool after_cr_ = false;
  bool line_empty_ = true;  // nothing but a CR on the current line so far
  bool in_header_ = true;
  std::uint64_t body_lines_sent_ = 0;
  bool done_ = false;
};

// Counts what a WireEncoder without dot-stuffing and TOP limit would produce, without
// producing it: the sizes of STAT and LIST, computed at every login for every mail.
class WireSizeCounter {
 public:
  void Feed(std::string_view chunk);
  // The total, including the line end a last line without one gets.
  std::uint64_t Finish() const;

 private:
  std::uint64_t size_ = 0;
  char last_ = '\n';  // the last byte fed; '\n' while nothing was
  bool any_ = false;
};

// Size of `mail` as RETR sends it, without dot-stuffing and terminator.
std::uint64_t WireSize(std::string_view mail);

}  // namespace mpop::server
