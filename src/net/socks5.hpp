#pragma once
// SOCKS5 client side (RFC 1928), "no authentication" method only: mpop has no proxy
// credentials. The proxy resolves the target's name, so no DNS query for the POP3 host
// leaves this machine (the Tor setup of the manual depends on that).

#include <string>
#include <string_view>

#include "util/result.hpp"
#include "util/transport.hpp"

namespace mpop::net {

// The CONNECT request for host:port. Numeric IPv4/IPv6 hosts go as ATYP 1/4, anything
// else as a domain name (ATYP 3), converted to ASCII if it is an IDN but never resolved.
// Errors: kUnavailable "SOCKS proxy: host name H is longer than 255 bytes" (and empty);
// IDN conversion errors (kNoHost).
Result<std::string> FormatSocks5Request(std::string_view host, int port);

// The message for a non-zero REP code of a reply, e.g. 5 ->
// "SOCKS proxy: connection refused by destination host". Knows RFC 1928's codes and
// Tor's onion-service extensions (0xF0-0xF7).
std::string Socks5ReplyError(unsigned char code);

// Runs the handshake on a fresh connection to the proxy, asking it to connect to
// host:port. Reads exactly the proxy's replies, so whatever the POP3 server sends next
// stays unread in proxy. Errors: kUnavailable "SOCKS proxy: ..." for refusals and
// malformed replies; I/O errors of proxy keep their code, prefixed "SOCKS proxy: ".
Status Socks5Handshake(Transport& proxy, std::string_view host, int port);

}  // namespace mpop::net
