#pragma once
// The kinds of setting values, and Row<member, Kind>(), which makes a settings-table row
// (config/setting_table.hpp) from a member of Account and the kind of its value. A kind
// says, as static functions, how its values are read from the file (File), from an option
// (Option: nullptr when the option was given without argument), and printed by --pretend
// (Print); and whether the file command needs an argument (kNeedsArgument) and shows the
// parser's own error text (kOwnErrorText). config/setting_rows.cpp makes mpop's rows with
// it; tests make a throw-away row.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "config/account.hpp"
#include "config/setting_table.hpp"
#include "config/values.hpp"
#include "util/i18n.hpp"
#include "util/result.hpp"

namespace mpop::config::kinds {

// An empty argument unsets the value: `user`, `filter`, `--user=`.
struct OptionalText {
  static constexpr bool kNeedsArgument = false;
  static constexpr bool kOwnErrorText = false;
  static Result<std::optional<std::string>> File(std::string_view text);
  static Result<std::optional<std::string>> Option(const char* text);
  static std::string Print(const std::optional<std::string>& value);
};

// OptionalText with a leading ~ expanded: `tls_key_file`.
struct OptionalPath : OptionalText {
  static Result<std::optional<std::string>> File(std::string_view text);
  static Result<std::optional<std::string>> Option(const char* text);
};

// The password: printed as "*" when set, whatever it is.
struct Password : OptionalText {
  static std::string Print(const std::optional<std::string>& value);
};

// `host`: needed in the file; --host= with nothing is invalid.
struct Host : OptionalText {
  static constexpr bool kNeedsArgument = true;
  static Result<std::optional<std::string>> Option(const char* text);
};

struct Port {
  static constexpr bool kNeedsArgument = true;
  static constexpr bool kOwnErrorText = false;
  static Result<int> File(std::string_view text);
  static Result<int> Option(const char* text) { return File(text); }
  static std::string Print(int port) { return std::to_string(port); }
};

// `proxy_port`: empty goes back to the default (0, filled in as 1080 later).
struct ProxyPort : Port {
  static constexpr bool kNeedsArgument = false;
  static Result<int> File(std::string_view text);
  static Result<int> Option(const char* text) { return File(text); }
};

struct Timeout {
  static constexpr bool kNeedsArgument = true;
  static constexpr bool kOwnErrorText = false;
  static Result<int> File(std::string_view text);
  static Result<int> Option(const char* text);  // 0 is not a way to say off
  static std::string Print(int seconds);
};

struct PipeliningMode {
  static constexpr bool kNeedsArgument = false;
  static constexpr bool kOwnErrorText = false;
  static Result<Pipelining> File(std::string_view text);
  static Result<Pipelining> Option(const char* text);  // empty is invalid
  static std::string Print(Pipelining mode);
};

// `auth`: "" or `on` choose automatically.
struct AuthMethod {
  static constexpr bool kNeedsArgument = false;
  static constexpr bool kOwnErrorText = false;
  static Result<std::string> File(std::string_view text);
  static Result<std::string> Option(const char* text);  // no argument: on
  static std::string Print(const std::string& method);
};

// on|off; an empty argument or none means on in the file, none means on for an option.
struct Switch {
  static constexpr bool kNeedsArgument = false;
  static constexpr bool kOwnErrorText = false;
  static Result<bool> File(std::string_view text);
  static Result<bool> Option(const char* text);  // empty is invalid (upstream)
  static std::string Print(bool on) { return on ? "on" : "off"; }
};

// `tls_trust_file`: empty is not unset but "trust no CA" (doc/COMPAT.md 10).
struct TrustFile : OptionalText {
  static Result<std::optional<std::string>> File(std::string_view text);
  static Result<std::optional<std::string>> Option(const char* text) { return File(text); }
};

struct Fingerprint : OptionalText {
  static Result<std::optional<std::string>> File(std::string_view text);
  static Result<std::optional<std::string>> Option(const char* text) { return File(text); }
};

struct DhPrimeBits {
  static constexpr bool kNeedsArgument = false;
  static constexpr bool kOwnErrorText = false;
  static Result<int> File(std::string_view text);
  static Result<int> Option(const char* text) { return File(text); }
  static std::string Print(int bits);
};

// `delivery METHOD ARGUMENT`, `--delivery=METHOD,ARGUMENT`.
struct DeliveryTarget {
  static constexpr bool kNeedsArgument = true;
  static constexpr bool kOwnErrorText = true;
  static Result<Delivery> File(std::string_view text);
  static Result<Delivery> Option(const char* text);
  static std::string Print(const Delivery& delivery);
};

// `uidls_file`: printed with %U and %H expanded.
struct UidlsFile {
  static constexpr bool kNeedsArgument = true;
  static constexpr bool kOwnErrorText = false;
  static Result<std::string> File(std::string_view text);
  static Result<std::string> Option(const char* text);  // empty is invalid
  static std::string PrintAccount(const Account& account);
};

// `keep`: on, off or a duration; --keep alone is on.
struct KeepDuration {
  static constexpr bool kNeedsArgument = false;
  static constexpr bool kOwnErrorText = false;
  static Result<std::int64_t> File(std::string_view text);
  static Result<std::int64_t> Option(const char* text);
  static std::string Print(std::int64_t seconds);
};

// `poll_interval`: a duration of at least one second.
struct PollInterval {
  static constexpr bool kNeedsArgument = true;
  static constexpr bool kOwnErrorText = false;
  static constexpr std::string_view kHint =
      N_("{command} takes a duration such as 15m, 1h30m or 90s");
  static Result<std::int64_t> File(std::string_view text) { return ParsePollInterval(text); }
  static Result<std::int64_t> Option(const char* text) { return File(text); }
  static std::string Print(std::int64_t seconds) { return std::to_string(seconds) + " seconds"; }
};

// `killsize`, `skipsize`: off or a size; the parser's error text is upstream's.
struct SizeLimit {
  static constexpr bool kNeedsArgument = true;
  static constexpr bool kOwnErrorText = true;
  static constexpr std::string_view kHint =
      N_("{command} takes off or a number of bytes, optionally followed by k (KiB) or m (MiB), "
         "such as 10k");
  static Result<std::int64_t> File(std::string_view text);
  static Result<std::int64_t> Option(const char* text) { return File(text); }
  static std::string Print(std::int64_t bytes) { return bytes < 0 ? "off" : std::to_string(bytes); }
};

// `redownload_limit`: off or a number of mails.
struct CountLimit {
  static constexpr bool kNeedsArgument = true;
  static constexpr bool kOwnErrorText = false;
  static Result<std::int64_t> File(std::string_view text);
  static Result<std::int64_t> Option(const char* text) { return File(text); }
  static std::string Print(std::int64_t count) { return count < 0 ? "off" : std::to_string(count); }
};

// `syslog`: on (LOG_MAIL), off (empty) or a facility's name, LOG_USER, LOG_MAIL,
// LOG_DAEMON or LOG_LOCAL0..7 (in any case); an empty argument means on.
struct SyslogFacility {
  static constexpr bool kNeedsArgument = false;
  static constexpr bool kOwnErrorText = false;
  static Result<std::string> File(std::string_view text);
  static Result<std::string> Option(const char* text);  // no argument: on
  static std::string Print(const std::string& facility) {
    return facility.empty() ? "off" : facility;
  }
};

// `oauth2_issuer`: a preset name (oauth2/presets.hpp) or an http(s) URL; empty unsets it.
struct OAuth2Issuer : OptionalText {
  static constexpr std::string_view kHint =
      N_("{command} takes google, microsoft or the provider's URL, such as "
         "https://login.example.org");
  static Result<std::optional<std::string>> File(std::string_view text);
  static Result<std::optional<std::string>> Option(const char* text);
};

// `oauth2_flow`: device or browser.
struct OAuth2FlowKind {
  static constexpr bool kNeedsArgument = true;
  static constexpr bool kOwnErrorText = false;
  static constexpr std::string_view kHint = N_("{command} takes device or browser");
  static Result<OAuth2Flow> File(std::string_view text);
  static Result<OAuth2Flow> Option(const char* text);
  static std::string Print(OAuth2Flow flow);
};

// The functions a row points to, made for one member and kind.
template <auto Member>
const void* FieldOf(const Account& account) {
  return &(account.*Member);
}

template <auto Member>
void CopyField(const Account& from, Account& to) {
  to.*Member = from.*Member;
}

template <auto Member, class Kind>
Status ApplyFile(std::string_view text, Account& account) {
  auto value = Kind::File(text);
  if (!value) return std::move(value).error();
  account.*Member = std::move(*value);
  return {};
}

template <auto Member, class Kind>
bool ApplyOption(const char* text, Account& account) {
  auto value = Kind::Option(text);
  if (!value) return false;
  account.*Member = std::move(*value);
  return true;
}

template <auto Member, class Kind>
std::string PrintField(const Account& account) {
  if constexpr (requires { Kind::PrintAccount(account); }) {
    return Kind::PrintAccount(account);
  } else {
    return Kind::Print(account.*Member);
  }
}

// A kind's kHint, if it has one (see SettingRow::hint).
template <class Kind>
constexpr std::string_view HintOf() {
  if constexpr (requires { Kind::kHint; }) {
    return Kind::kHint;
  } else {
    return {};
  }
}

// `row` printed by --pretend only when set (SettingRow::pretend_only_when_set): for the
// settings this implementation adds to upstream's.
constexpr SettingRow OurOwn(SettingRow row) {
  row.pretend_only_when_set = true;
  return row;
}

// A row for `Member`, whose values are of `Kind`. `option.long_name` nullptr: no option;
// `pretend_key` empty: --pretend does not print it.
template <auto Member, class Kind>
constexpr SettingRow Row(std::string_view command, OptionGroup group, SettingOption option,
                         std::string_view pretend_key) {
  return SettingRow{
      .command = command,
      .group = group,
      .needs_argument = Kind::kNeedsArgument,
      .own_error_text = Kind::kOwnErrorText,
      .hint = HintOf<Kind>(),
      .apply_file = &ApplyFile<Member, Kind>,
      .option = option,
      .apply_option = option.long_name != nullptr ? &ApplyOption<Member, Kind> : nullptr,
      .pretend_key = pretend_key,
      .print = &PrintField<Member, Kind>,
      .field = &FieldOf<Member>,
      .copy = &CopyField<Member>,
  };
}

}  // namespace mpop::config::kinds
