#include "pop3/lines_handler.hpp"

#include <cstring>

#include "pop3/line_reader.hpp"
#include "util/i18n.hpp"

namespace mpop::pop3 {

Status LinesHandler::Append(std::string_view piece) {
  if (partial_.size() + piece.size() > kMaxLineLength) {
    return Error::Protocol(
        TrFormat("POP3 server sent a line longer than {} bytes in its reply to {}", kMaxLineLength,
                 command_));
  }
  partial_ += piece;
  return {};
}

Status LinesHandler::OnData(std::string_view chunk) {
  while (!chunk.empty()) {
    const void* found = std::memchr(chunk.data(), '\n', chunk.size());
    if (found == nullptr) return Append(chunk);
    std::size_t length = static_cast<const char*>(found) - chunk.data();
    if (partial_.empty()) {
      if (length > kMaxLineLength) MPOP_TRY(Append(chunk.substr(0, length)));
      MPOP_TRY(OnLine(chunk.substr(0, length)));
    } else {
      MPOP_TRY(Append(chunk.substr(0, length)));
      MPOP_TRY(OnLine(partial_));
      partial_.clear();
    }
    chunk.remove_prefix(length + 1);
  }
  return {};
}

Status LinesHandler::OnDataEnd() {
  // The DotDecoder ends every line with "\n", so nothing can be left over.
  partial_.clear();
  return {};
}

}  // namespace mpop::pop3
