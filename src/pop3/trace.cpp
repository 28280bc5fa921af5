#include "pop3/trace.hpp"

namespace mpop::pop3 {

void FileTrace::Sent(std::string_view line) {
  std::fputs("--> ", stream_);
  std::fwrite(line.data(), 1, line.size(), stream_);
}

void FileTrace::Received(std::string_view line) {
  std::fputs("<-- ", stream_);
  std::fwrite(line.data(), 1, line.size(), stream_);
  // Keep the next trace line on a line of its own.
  if (line.empty() || line.back() != '\n') std::fputc('\n', stream_);
}

}  // namespace mpop::pop3
