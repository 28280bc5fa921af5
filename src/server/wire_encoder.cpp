#include "server/wire_encoder.hpp"

#include <cstring>

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
    if (at_line_start_) {
      if (chunk[i] == '.' && options_.dot_stuff) out.push_back('.');
      at_line_start_ = false;  // an empty line is ended (and this set again) just below
    }
    // The rest of the line in this chunk goes out in one piece: only its end needs care.
    // (memchr for the LF: per byte, a search for "\r\n" costs a call for every byte.)
    const void* lf = std::memchr(chunk.data() + i, '\n', chunk.size() - i);
    const std::size_t stop =
        lf ? static_cast<std::size_t>(static_cast<const char*>(lf) - chunk.data()) : chunk.size();
    if (stop > i) {
      const std::string_view run = chunk.substr(i, stop - i);
      out.append(run);
      if (line_empty_ && run.find_first_not_of('\r') != std::string_view::npos) {
        line_empty_ = false;
      }
      after_cr_ = run.back() == '\r';
      i = stop;
    }
    if (i < chunk.size()) {  // chunk[i] is the LF
      out.append(after_cr_ ? "\n" : "\r\n");
      after_cr_ = false;
      ++i;
      EndLine();
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
