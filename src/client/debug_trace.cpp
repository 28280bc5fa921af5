#include "client/debug_trace.hpp"

#include <string>

namespace mpop::client {
namespace {

std::string TraceLine(std::string_view prefix, std::string_view line) {
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  std::string text(prefix);
  text.append(line);
  text += '\n';
  return text;
}

}  // namespace

void DebugTrace::Sent(std::string_view line) { out_.Out(TraceLine("--> ", line)); }
void DebugTrace::Received(std::string_view line) { out_.Out(TraceLine("<-- ", line)); }

}  // namespace mpop::client
