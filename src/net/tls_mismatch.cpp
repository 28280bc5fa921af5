#include "net/tls_mismatch.hpp"

#include "util/i18n.hpp"

namespace mpop::net {
namespace {

bool IsPrefixOrStartsWith(std::string_view bytes, std::string_view word) {
  std::size_t n = std::min(bytes.size(), word.size());
  return bytes.substr(0, n) == word.substr(0, n);
}

bool IsPrintable(char c) { return c >= 0x20 && c < 0x7f; }

}  // namespace

FirstBytes ClassifyFirstBytes(std::string_view bytes) {
  if (bytes.empty()) return FirstBytes::kUnknown;
  auto type = static_cast<unsigned char>(bytes[0]);
  // Record types change_cipher_spec, alert, handshake, application_data; every TLS and
  // SSL 3 version has major version 3.
  if (type >= 0x14 && type <= 0x17 &&
      (bytes.size() == 1 || static_cast<unsigned char>(bytes[1]) == 0x03)) {
    return FirstBytes::kTlsRecord;
  }
  if (IsPrefixOrStartsWith(bytes, "+OK") || IsPrefixOrStartsWith(bytes, "-ERR")) {
    return FirstBytes::kPop3Reply;
  }
  std::size_t checked = std::min<std::size_t>(bytes.size(), 4);
  for (std::size_t i = 0; i < checked; ++i) {
    if (!IsPrintable(bytes[i])) return FirstBytes::kUnknown;
  }
  return FirstBytes::kOtherText;
}

std::string TlsFromStartHint(bool tls_enabled) {
  return tls_enabled ? Tr("the server speaks TLS from the start (port 995?): set tls_starttls off")
                     : Tr("the server speaks TLS from the start (port 995?): set tls on and "
                          "tls_starttls off");
}

std::string StarttlsExpectedHint() {
  return Tr("the server expects STARTTLS (port 110?): set tls_starttls on");
}

std::optional<std::string> GreetingTimeoutHint(bool tls, bool starttls, int port) {
  if (tls && !starttls) return std::nullopt;
  std::string settings = tls ? Tr("set tls_starttls off") : Tr("set tls on and tls_starttls off");
  if (port == 995) {
    return TrFormat("port 995 usually speaks TLS from the start, which sends no greeting: {}",
                    settings);
  }
  return TrFormat("if the server speaks TLS from the start (as on port 995), {}", settings);
}

std::string PrintableExcerpt(std::string_view bytes, std::size_t max_length) {
  if (std::size_t end = bytes.find_first_of("\r\n"); end != std::string_view::npos) {
    bytes = bytes.substr(0, end);
  }
  bool cut = bytes.size() > max_length;
  if (cut) bytes = bytes.substr(0, max_length);
  std::string text;
  for (char c : bytes) text += IsPrintable(c) ? c : '?';
  if (cut) text += "...";
  return text;
}

}  // namespace mpop::net
