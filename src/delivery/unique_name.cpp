#include "delivery/unique_name.hpp"

#include <fmt/format.h>

namespace mpop::delivery {

std::string SanitizeHostForFileName(std::string_view host) {
  std::string out;
  out.reserve(host.size());
  for (char c : host) {
    switch (c) {
      case '/':
        out += "_057_";
        break;
      case ':':
        out += "_072_";
        break;
      case '\\':
        out += "_134_";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string MaildirFileName(const UniqueNameParts& parts) {
  return fmt::format("{}.M{:06}P{}Q{}.{}", parts.seconds, parts.microseconds, parts.pid,
                     parts.sequence, parts.host);
}

}  // namespace mpop::delivery
