#include "pop3/line_reader.hpp"

#include <cassert>
#include <cstring>
#include <string>

#include "util/i18n.hpp"

namespace mpop::pop3 {
namespace {

// Move data to the front when less than this is free at the end, so reads stay large.
constexpr std::size_t kMinReadSpace = 4096;

}  // namespace

LineReader::LineReader(std::size_t capacity) : data_(capacity) {
  assert(capacity >= kMinReadSpace && capacity > kMaxLineLength + 2);
}

std::span<char> LineReader::WritableSpace() {
  if (begin_ == end_) {
    begin_ = end_ = 0;
  } else if (data_.size() - end_ < kMinReadSpace && begin_ > 0) {
    std::memmove(data_.data(), data_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  assert(end_ < data_.size());
  return {data_.data() + end_, data_.size() - end_};
}

void LineReader::Commit(std::size_t n) {
  assert(n <= data_.size() - end_);
  end_ += n;
}

std::size_t LineReader::Append(std::string_view bytes) {
  std::span<char> space = WritableSpace();
  std::size_t n = std::min(space.size(), bytes.size());
  std::memcpy(space.data(), bytes.data(), n);
  Commit(n);
  return n;
}

Result<std::optional<Line>> LineReader::NextLine() {
  std::string_view pending = Pending();
  const void* newline = std::memchr(pending.data(), '\n', pending.size());
  if (newline == nullptr) {
    if (pending.size() > kMaxLineLength + 1) {  // +1: a CR may still be followed by LF
      return Error::Protocol(
          TrFormat("POP3 server sent a line longer than {} bytes", kMaxLineLength));
    }
    return std::optional<Line>();
  }
  std::size_t length = static_cast<const char*>(newline) - pending.data();
  std::size_t content_length = length;
  if (content_length > 0 && pending[content_length - 1] == '\r') --content_length;
  if (content_length > kMaxLineLength) {
    return Error::Protocol(
        TrFormat("POP3 server sent a line longer than {} bytes", kMaxLineLength));
  }
  Line line{pending.substr(0, content_length), pending.substr(0, length + 1)};
  begin_ += length + 1;
  return std::optional<Line>(line);
}

void LineReader::Consume(std::size_t n) {
  assert(n <= size());
  begin_ += n;
}

}  // namespace mpop::pop3
