#include "pop3/dot_decoder.hpp"

#include <cstring>

namespace mpop::pop3 {

std::size_t DotDecoder::Decode(std::string_view in, std::string& out) {
  const char* data = in.data();
  const std::size_t size = in.size();
  std::size_t i = 0;
  while (i < size && state_ != State::kDone) {
    switch (state_) {
      case State::kLineStart:
        if (data[i] == '.') {
          state_ = State::kDot;
          ++i;
        } else {
          state_ = State::kMiddle;
        }
        break;
      case State::kDot:
        if (data[i] == '\r') {
          state_ = State::kDotCr;
          ++i;
        } else if (data[i] == '\n') {
          state_ = State::kDone;
          ++i;
        } else {
          state_ = State::kMiddle;  // the stuffed dot is dropped
        }
        break;
      case State::kDotCr:
        if (data[i] == '\n') {
          state_ = State::kDone;
          ++i;
        } else {
          state_ = State::kCr;  // ".\rX": the dot was stuffed, the CR is data
        }
        break;
      case State::kCr:
        if (data[i] == '\n') {
          out += '\n';
          state_ = State::kLineStart;
          ++i;
        } else {
          out += '\r';
          state_ = State::kMiddle;
        }
        break;
      case State::kMiddle: {
        // The hot path: one memchr and one append per line.
        const void* found = std::memchr(data + i, '\n', size - i);
        if (found == nullptr) {
          std::size_t end = size;
          if (data[end - 1] == '\r') {
            --end;
            state_ = State::kCr;
          }
          out.append(data + i, end - i);
          i = size;
        } else {
          std::size_t newline = static_cast<const char*>(found) - data;
          std::size_t end = newline;
          if (end > i && data[end - 1] == '\r') --end;
          out.append(data + i, end - i);
          out += '\n';
          i = newline + 1;
          state_ = State::kLineStart;
        }
        break;
      }
      case State::kDone:
        break;
    }
  }
  return i;
}

std::string DotEncode(std::string_view body) {
  std::string out;
  out.reserve(body.size() + body.size() / 32 + 8);
  bool line_start = true;
  for (char c : body) {
    if (line_start && c == '.') out += '.';
    if (c == '\n') {
      if (out.empty() || out.back() != '\r') out += '\r';
      out += '\n';
      line_start = true;
    } else {
      out += c;
      line_start = false;
    }
  }
  if (!line_start) out += "\r\n";
  out += ".\r\n";
  return out;
}

}  // namespace mpop::pop3
