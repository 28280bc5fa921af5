#pragma once
// The POP3 server's capabilities from the CAPA reply (RFC 2449, RFC 3206).

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace mpop::pop3 {

// The EXPIRE capability (RFC 2449 section 6.7).
struct Expire {
  enum class Kind {
    kNever,    // "EXPIRE NEVER": the server never deletes mail on its own
    kDays,     // "EXPIRE N": mail is deleted after N days (0: right after retrieval)
    kUnknown,  // advertised with an argument we cannot read
  };
  Kind kind = Kind::kUnknown;
  long days = 0;
  bool user_specific = false;  // "EXPIRE 30 USER": may change after authentication
  bool operator==(const Expire&) const = default;
};

struct Capabilities {
  // False when CAPA was answered with -ERR: then every flag below is false but means
  // "unknown", and mpop tries TOP, UIDL, STLS optimistically (doc/COMPAT.md 1.1 step 5).
  bool capa_supported = false;
  bool top = false;
  bool uidl = false;
  bool pipelining = false;
  bool user = false;
  bool stls = false;
  bool resp_codes = false;
  bool auth_resp_code = false;
  bool sasl = false;  // a SASL line was present (possibly listing no mechanism)
  std::optional<std::string> implementation;
  std::optional<long> login_delay;  // seconds
  bool login_delay_user_specific = false;
  std::optional<Expire> expire;
  std::vector<std::string> sasl_mechanisms;  // upper-cased, in the server's order

  bool operator==(const Capabilities&) const = default;

  // Whether a flag is known to be absent: only when CAPA worked.
  bool KnownMissing(bool flag) const { return capa_supported && !flag; }
};

// Upstream reads at most this many CAPA lines; we read the whole reply but look only at
// these, so a hostile server cannot make the list grow.
inline constexpr std::size_t kMaxCapabilityLines = 50;

// Parses the lines of a positive CAPA reply (without line ends, already dot-unstuffed).
// Never fails: unknown capabilities and malformed arguments are ignored (a malformed
// EXPIRE becomes Kind::kUnknown). Sets capa_supported.
Capabilities ParseCapabilities(std::span<const std::string> lines);

// Parses one CAPA line into `caps` (the building block of ParseCapabilities).
void ParseCapabilityLine(std::string_view line, Capabilities& caps);

}  // namespace mpop::pop3
