#pragma once
// Telling a STARTTLS configuration pointed at a TLS-from-the-start port (995) from the
// reverse, instead of a silent time-out or a cryptic handshake error (doc/COMPAT.md 11: users
// set port 995 and keep `tls_starttls on`). Pure functions over the first bytes a server
// sent; the client and TlsTransport turn the result into the hints below.
//
// Wiring for the client (src/client/account_session.cpp):
//  * tls_starttls on (or tls off), reading the greeting failed with a time-out: append
//    GreetingTimeoutHint(...) to the error (a TLS server waits silently for our hello).
//    If the greeting reader saw bytes that ClassifyFirstBytes() calls kTlsRecord, use
//    TlsFromStartHint(...) instead.
//  * tls_starttls off, the handshake received POP3 text: TlsTransport already says so
//    ("... set tls_starttls on"), nothing to do.

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>

namespace mpop::net {

enum class FirstBytes {
  kUnknown,    // nothing, or binary that is neither
  kTlsRecord,  // a TLS record header: type 0x14..0x17, then version major 0x03
  kPop3Reply,  // "+OK" / "-ERR" (or a prefix of one, when fewer bytes arrived)
  kOtherText,  // printable ASCII, e.g. "* OK" (IMAP) or "220 " (SMTP) on the wrong port
};

FirstBytes ClassifyFirstBytes(std::string_view bytes);

// "the server speaks TLS from the start (port 995?): set tls_starttls off"; with
// tls_enabled false: "...: set tls on and tls_starttls off".
std::string TlsFromStartHint(bool tls_enabled);

// "the server expects STARTTLS (port 110?): set tls_starttls on".
std::string StarttlsExpectedHint();

// For a time-out while waiting for the greeting of a plain or STARTTLS session: a TLS
// server sends nothing until the client's hello. Returns the hint when it is plausible:
// always for port 995, otherwise phrased as a possibility ("if the server speaks TLS from
// the start, set ..."). nullopt when tls is on with tls_starttls off (no greeting is read
// before the handshake then).
std::optional<std::string> GreetingTimeoutHint(bool tls, bool starttls, int port);

// A one-line, printable excerpt of a server's first bytes for messages: the first line,
// control characters as '?', at most max_length characters then "...".
std::string PrintableExcerpt(std::string_view bytes, std::size_t max_length = 40);

}  // namespace mpop::net
