#pragma once
// The server greeting and its APOP timestamp (RFC 1939 section 7).

#include <optional>
#include <string>
#include <string_view>

#include "pop3/reply.hpp"
#include "util/result.hpp"

namespace mpop::pop3 {

struct Greeting {
  std::string text;  // after "+OK "
  // The APOP timestamp with its angle brackets, if the greeting has a valid one.
  std::optional<std::string> apop_timestamp;
  bool operator==(const Greeting&) const = default;
};

// A negative greeting is an error (kProtocol unless a response code says otherwise).
Result<Greeting> ParseGreeting(const Reply& reply);

// Finds the APOP timestamp in a greeting text: the first "<...>" group, accepted only if
// it is a valid RFC 5322 msg-id ("<" dot-atom-text "@" (dot-atom-text / "[" dtext "]")
// ">") of printable ASCII. This rejects the forged timestamps of CVE-2007-1558 and still
// accepts Dovecot's, whose local part contains '='.
std::optional<std::string> FindApopTimestamp(std::string_view text);

}  // namespace mpop::pop3
