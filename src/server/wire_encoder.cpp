#include "server/wire_encoder.hpp"

namespace mpop::server {

void WireEncoder::EndLine() {
  if (in_header_) {
    if (line_empty_) {
      in_header_ = false;
      if (options_.body_lines && *options_.body_lines == 0) done_ = true;
    }
  } else if (options_.body_lines && ++body_lines_sent_ >= *options_.body_lines) {
    done_ = true;
  }
  at_line_start_ = true;
  line_empty_ = true;
}

void WireEncoder::Feed(std::string_view chunk, std::string& out) {
  std::size_t i = 0;
  while (i < chunk.size() && !done_) {
    // Copy the run of ordinary bytes in one go; only line starts, CR and LF need care.
    if (!at_line_start_) {
      std::size_t stop = chunk.find_first_of("\r\n", i);
      if (stop == std::string_view::npos) stop = chunk.size();
      if (stop > i) {
        out.append(chunk.substr(i, stop - i));
        after_cr_ = false;
        line_empty_ = false;
        i = stop;
        continue;
      }
    }
    const char c = chunk[i++];
    if (c == '\n') {
      out.append(after_cr_ ? "\n" : "\r\n");
      after_cr_ = false;
      EndLine();
      continue;
    }
    if (at_line_start_ && c == '.' && options_.dot_stuff) out.push_back('.');
    at_line_start_ = false;
    out.push_back(c);
    if (c == '\r') {
      after_cr_ = true;
    } else {
      after_cr_ = false;
      line_empty_ = false;
    }
  }
}

void WireEncoder::Finish(std::string& out) {
  if (done_ || at_line_start_) return;
  out.append(after_cr_ ? "\n" : "\r\n");
  after_cr_ = false;
  EndLine();
}

void WireSizeCounter::Feed(std::string_view chunk) {
  if (chunk.empty()) return;
  size_ += chunk.size();
  // Each LF not preceded by CR gains a CR; the byte before the first LF may be in the
  // previous chunk.
  char before = last_;
  for (std::size_t i = chunk.find('\n'); i != std::string_view::npos; i = chunk.find('\n', i + 1)) {
    const char previous = i == 0 ? before : chunk[i - 1];
    if (previous != '\r') ++size_;
  }
  last_ = chunk.back();
  any_ = true;
}

std::uint64_t WireSizeCounter::Finish() const {
  if (!any_ || last_ == '\n') return size_;
  return size_ + (last_ == '\r' ? 1 : 2);
}

std::uint64_t WireSize(std::string_view mail) {
  WireSizeCounter counter;
  counter.Feed(mail);
  return counter.Finish();
}

}  // namespace mpop::server
