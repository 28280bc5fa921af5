#include "client/debug_trace.hpp"

#include <optional>
#include <string>

#include "auth/base64.hpp"

namespace mpop::client {
namespace {

std::string TraceLine(std::string_view prefix, std::string_view line) {
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  std::string text(prefix);
  text.append(line);
  text += '\n';
  return text;
}

// An OAUTHBEARER or XOAUTH2 client message, base64-encoded as the last word of the line
// ("AUTH XOAUTH2 <it>" or the answer to a "+"): a bearer token, which --debug does not
// print (issue 18), unlike a password (upstream prints those, and so do we).
bool CarriesBearerToken(std::string_view line) {
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  const std::size_t space = line.rfind(' ');
  const std::string_view word = space == std::string_view::npos ? line : line.substr(space + 1);
  if (word.size() < 16) return false;
  const std::optional<std::string> decoded = auth::Base64Decode(word);
  return decoded && decoded->find("auth=Bearer ") != std::string::npos;
}

}  // namespace

void DebugTrace::Sent(std::string_view line) {
  if (CarriesBearerToken(line)) {
    const std::size_t space = line.rfind(' ');
    const std::string_view kept =
        space == std::string_view::npos ? std::string_view() : line.substr(0, space + 1);
    out_.Out(TraceLine("--> ", std::string(kept) + "[OAuth2 token not shown]"));
    return;
  }
  out_.Out(TraceLine("--> ", line));
}

void DebugTrace::Received(std::string_view line) { out_.Out(TraceLine("<-- ", line)); }

}  // namespace mpop::client
