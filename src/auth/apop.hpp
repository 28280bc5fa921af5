#pragma once
// APOP (RFC 1939 section 7): the client proves knowledge of the secret by sending the MD5
// digest of the greeting's timestamp followed by the secret, as 32 lowercase hex digits.
// Wire format (doc/COMPAT.md 4.3): "APOP <user> <digest>".

#include <string>
#include <string_view>

namespace mpop::auth {

// Lowercase hex MD5(timestamp + secret). `timestamp` is the whole "<...@...>" token from
// the greeting, brackets included. The concatenation is never built in memory, so no stray
// copy of the secret is left behind (auth/md5.hpp wipes its buffer).
std::string ApopDigest(std::string_view timestamp, std::string_view secret);

}  // namespace mpop::auth
