#include "util/error.hpp"

#include <cstring>

#include "util/i18n.hpp"

namespace mpop {

std::string_view SysexitsDescription(int code) {
  switch (code) {
    case 64:
      return "EX_USAGE: command line usage error";
    case 65:
      return "EX_DATAERR: data format error";
    case 66:
      return "EX_NOINPUT: cannot open input";
    case 67:
      return "EX_NOUSER: addressee unknown";
    case 68:
      return "EX_NOHOST: host name unknown";
    case 69:
      return "EX_UNAVAILABLE: service unavailable";
    case 70:
      return "EX_SOFTWARE: internal software error";
    case 71:
      return "EX_OSERR: system error (e.g., can't fork)";
    case 72:
      return "EX_OSFILE: critical OS file missing";
    case 73:
      return "EX_CANTCREAT: can't create (user) output file";
    case 74:
      return "EX_IOERR: input/output error";
    case 75:
      return "EX_TEMPFAIL: temporary failure";
    case 76:
      return "EX_PROTOCOL: remote error in protocol";
    case 77:
      return "EX_NOPERM: permission denied";
    case 78:
      return "EX_CONFIG: configuration error";
    default:
      return {};
  }
}

Error Error::Within(std::string_view context) const {
  Error copy = *this;
  copy.message = std::string(context) + ": " + message;
  return copy;
}

std::string FormatErrorLines(const Error& error, std::string_view program) {
  const std::string prefix = std::string(program) + ": ";
  std::string text = prefix + error.message + "\n";
  const std::string quoted = "\"" + error.server_message + "\"";
  if (!error.server_message.empty() && error.message.find(quoted) == std::string::npos) {
    text += prefix + TrFormat("POP3 server message: {}", error.server_message) + "\n";
  }
  return text;
}

std::string ErrnoText(int err) {
  char buffer[256];
  // GNU strerror_r returns the text, which may or may not live in buffer.
  return strerror_r(err, buffer, sizeof buffer);
}

}  // namespace mpop
