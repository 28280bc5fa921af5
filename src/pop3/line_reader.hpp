#pragma once
// LineReader: the engine's receive buffer. Bytes from the transport are appended at the
// end (WritableSpace + Commit); status lines are taken from the front with NextLine();
// multi-line bodies are taken from the front in arbitrary pieces with Pending + Consume,
// so body lines may be of any length (doc/COMPAT.md 3) while status lines are bounded.
//
// The buffer has a fixed capacity: memory stays flat however much the server sends.

#include <cstddef>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "util/result.hpp"

namespace mpop::pop3 {

// Longest status line accepted, without its CRLF (upstream's 8192-byte buffer).
inline constexpr std::size_t kMaxLineLength = 8190;

struct Line {
  std::string_view content;  // without "\r\n" or "\n"
  std::string_view raw;      // with its line ending, for the debug trace
};

class LineReader {
 public:
  explicit LineReader(std::size_t capacity = 64 * 1024);
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  // Free space at the end of the buffer, never empty: consumed bytes are dropped and the
  // rest moved to the front when needed. Fill a prefix of it, then call Commit(n).
  std::span<char> WritableSpace();
  void Commit(std::size_t n);

  // Copies bytes in (tests, fuzzers); at most WritableSpace().size() at a time.
  std::size_t Append(std::string_view bytes);

  // The next complete line (CRLF or bare LF), consumed; the views stay valid until the
  // next call that changes the buffer. nullopt: no complete line yet. Error (kProtocol):
  // more than kMaxLineLength bytes without a line end.
  Result<std::optional<Line>> NextLine();

  std::string_view Pending() const { return {data_.data() + begin_, end_ - begin_}; }
  void Consume(std::size_t n);
  std::size_t size() const { return end_ - begin_; }
  bool empty() const { return begin_ == end_; }

 private:
  std::vector<char> data_;
  std::size_t begin_ = 0;
  std::size_t end_ = 0;
};

}  // namespace mpop::pop3
