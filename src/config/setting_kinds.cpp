#include "config/setting_kinds.hpp"

#include "config/config_line.hpp"
#include "config/finish.hpp"
#include "config/values.hpp"
#include "oauth2/presets.hpp"
#include "util/ascii.hpp"
#include "util/i18n.hpp"

namespace mpop::config::kinds {
namespace {

constexpr std::string_view kNotSet = "(not set)";

// An option given without argument; only kOptional options can be.
std::string_view Given(const char* text) { return text != nullptr ? text : ""; }

// Options reject the empty argument that the file's parsers read as "on".
template <class T>
Result<T> NonEmpty(const char* text, Result<T> (*parse)(std::string_view)) {
  if (Given(text).empty()) return Error::Usage(Tr("empty argument"));
  return parse(Given(text));
}

}  // namespace

Result<std::optional<std::string>> OptionalText::File(std::string_view text) {
  if (text.empty()) return std::optional<std::string>();
  return std::optional<std::string>(text);
}

Result<std::optional<std::string>> OptionalText::Option(const char* text) {
  return File(Given(text));
}

std::string OptionalText::Print(const std::optional<std::string>& value) {
  return value && !value->empty() ? *value : std::string(kNotSet);
}

Result<std::optional<std::string>> OptionalPath::File(std::string_view text) {
  if (text.empty()) return std::optional<std::string>();
  return std::optional<std::string>(ExpandTilde(text));
}

Result<std::optional<std::string>> OptionalPath::Option(const char* text) {
  return File(Given(text));
}

// An empty password (`passwordeval` printing an empty line) is still a password.
std::string Password::Print(const std::optional<std::string>& value) {
  return value ? "*" : std::string(kNotSet);
}

Result<std::optional<std::string>> Host::Option(const char* text) {
  if (Given(text).empty()) return Error::Usage(Tr("empty host"));
  return std::optional<std::string>(Given(text));
}

Result<int> Port::File(std::string_view text) { return ParsePort(text); }

Result<int> ProxyPort::File(std::string_view text) {
  return text.empty() ? Result<int>(0) : ParsePort(text);
}

Result<int> Timeout::File(std::string_view text) { return ParseTimeout(text); }

Result<int> Timeout::Option(const char* text) {
  Result<int> timeout = ParseTimeout(Given(text));
  if (timeout && *timeout == 0 && Given(text) != "off") return Error::Usage(Tr("zero timeout"));
  return timeout;
}

std::string Timeout::Print(int seconds) {
  if (seconds == 0) return "off";
  if (seconds == 1) return "1 second";
  return std::to_string(seconds) + " seconds";
}

Result<Pipelining> PipeliningMode::File(std::string_view text) { return ParsePipelining(text); }

Result<Pipelining> PipeliningMode::Option(const char* text) {
  return NonEmpty(text, ParsePipelining);
}

std::string PipeliningMode::Print(Pipelining mode) {
  switch (mode) {
    case Pipelining::kOn:
      return "on";
    case Pipelining::kOff:
      return "off";
    case Pipelining::kAuto:
      break;
  }
  return "auto";
}

Result<std::string> SyslogFacility::File(std::string_view text) {
  if (text.empty() || text == "on") return std::string("LOG_MAIL");
  if (text == "off") return std::string();
  std::string name(text);
  for (char& c : name) c = AsciiUpper(c);
  static constexpr std::string_view kFacilities[] = {
      "LOG_USER",   "LOG_MAIL",   "LOG_DAEMON", "LOG_LOCAL0", "LOG_LOCAL1", "LOG_LOCAL2",
      "LOG_LOCAL3", "LOG_LOCAL4", "LOG_LOCAL5", "LOG_LOCAL6", "LOG_LOCAL7"};
  for (std::string_view facility : kFacilities) {
    if (name == facility) return name;
  }
  return Error::Config("invalid argument " + std::string(text) +
                       " (expected on, off, LOG_USER, LOG_MAIL, LOG_DAEMON or LOG_LOCAL0 to "
                       "LOG_LOCAL7)");
}

Result<std::string> SyslogFacility::Option(const char* text) { return File(Given(text)); }

Result<std::string> AuthMethod::File(std::string_view text) { return ParseAuthMethod(text); }

Result<std::string> AuthMethod::Option(const char* text) { return ParseAuthMethod(Given(text)); }

std::string AuthMethod::Print(const std::string& method) {
  return method.empty() ? "choose" : method;
}

Result<bool> Switch::File(std::string_view text) { return ParseOnOff(text); }

Result<bool> Switch::Option(const char* text) {
  if (text == nullptr) return true;
  return NonEmpty(text, ParseOnOff);
}

Result<std::optional<std::string>> TrustFile::File(std::string_view text) {
  return std::optional<std::string>(ExpandTilde(text));
}

Result<std::optional<std::string>> Fingerprint::File(std::string_view text) {
  if (text.empty()) return std::optional<std::string>();
  Result<std::string> fingerprint = ParseFingerprint(text);
  if (!fingerprint) return std::move(fingerprint).error();
  return std::optional<std::string>(std::move(*fingerprint));
}

Result<int> DhPrimeBits::File(std::string_view text) { return ParseDhPrimeBits(text); }

std::string DhPrimeBits::Print(int bits) {
  return bits < 0 ? std::string(kNotSet) : std::to_string(bits);
}

// The method word must be followed by a blank; the rest is trimmed and unquoted once
// more, so `delivery mbox "~/my mail"` works.
Result<Delivery> DeliveryTarget::File(std::string_view text) {
  const std::size_t blank = text.find_first_of(" \t");
  const std::string_view method = text.substr(0, blank);
  if (delivery::FindDeliveryKind(method) == nullptr) {
    return Error::Config(TrFormat("invalid argument {} for command delivery", text));
  }
  // A method without its argument: ParseDelivery says what the method needs.
  if (blank == std::string_view::npos) return ParseDelivery(method, {});
  return ParseDelivery(method, TrimAndUnquote(text.substr(blank)));
}

// A comma where the file has a blank.
Result<Delivery> DeliveryTarget::Option(const char* text) {
  const std::string_view given = Given(text);
  const std::size_t comma = given.find(',');
  if (comma == std::string_view::npos) return Error::Usage(Tr("no comma"));
  return ParseDelivery(given.substr(0, comma), given.substr(comma + 1));
}

std::string DeliveryTarget::Print(const Delivery& delivery) {
  if (delivery.kind == nullptr) return std::string(kNotSet);
  return std::string(delivery.kind->name) + " " + delivery.argument;
}

Result<std::string> UidlsFile::File(std::string_view text) { return ExpandTilde(text); }

Result<std::string> UidlsFile::Option(const char* text) {
  if (Given(text).empty()) return Error::Usage(Tr("empty file name"));
  return ExpandTilde(Given(text));
}

std::string UidlsFile::PrintAccount(const Account& account) { return ExpandUidlsFile(account); }

Result<std::int64_t> KeepDuration::File(std::string_view text) { return ParseKeep(text); }

Result<std::int64_t> KeepDuration::Option(const char* text) {
  if (text == nullptr) return kKeepForever;
  return NonEmpty(text, ParseKeep);
}

std::string KeepDuration::Print(std::int64_t seconds) {
  if (seconds == 0) return "off";
  if (seconds == kKeepForever) return "on";
  return std::to_string(seconds) + " seconds";
}

Result<std::int64_t> SizeLimit::File(std::string_view text) {
  if (text == "off") return std::int64_t{-1};
  return ParseSize(text);
}

Result<std::int64_t> CountLimit::File(std::string_view text) { return ParseCountLimit(text); }

Result<std::optional<std::string>> OAuth2Issuer::File(std::string_view text) {
  if (text.empty()) return std::optional<std::string>();
  if (oauth2::FindPreset(text) != nullptr || text.starts_with("https://") ||
      text.starts_with("http://")) {
    return std::optional<std::string>(text);
  }
  return Error::Config(Tr("invalid OAuth2 issuer"));
}

Result<std::optional<std::string>> OAuth2Issuer::Option(const char* text) {
  return File(Given(text));
}

Result<OAuth2Flow> OAuth2FlowKind::File(std::string_view text) {
  if (text == "device") return OAuth2Flow::kDevice;
  if (text == "browser") return OAuth2Flow::kBrowser;
  return Error::Config(Tr("invalid OAuth2 flow"));
}

Result<OAuth2Flow> OAuth2FlowKind::Option(const char* text) { return File(Given(text)); }

std::string OAuth2FlowKind::Print(OAuth2Flow flow) {
  switch (flow) {
    case OAuth2Flow::kDevice:
      return "device";
    case OAuth2Flow::kBrowser:
      return "browser";
    case OAuth2Flow::kDefault:
      break;
  }
  return std::string(kNotSet);
}

}  // namespace mpop::config::kinds
