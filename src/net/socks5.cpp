#include "net/socks5.hpp"

#include <arpa/inet.h>

#include <array>
#include <cstdio>
#include <span>

#include "net/idn.hpp"
#include "util/i18n.hpp"

namespace mpop::net {
namespace {

constexpr char kVersion = 0x05;
constexpr char kMethodNoAuth = 0x00;
constexpr unsigned char kMethodNoneAcceptable = 0xFF;
constexpr char kCommandConnect = 0x01;
constexpr char kAddressIpv4 = 0x01;
constexpr char kAddressDomain = 0x03;
constexpr char kAddressIpv6 = 0x04;
constexpr std::size_t kMaxDomainLength = 255;

Error ProxyError(std::string_view what) {
  return Error::Unavailable(TrFormat("SOCKS proxy: {}", what));
}

// Reads exactly buffer.size() bytes: never more, the rest belongs to the POP3 server.
Status ReadExact(Transport& proxy, std::span<char> buffer) {
  while (!buffer.empty()) {
    auto n = proxy.ReadSome(buffer);
    if (!n) return std::move(n).error().Within("SOCKS proxy");
    if (*n == 0) return ProxyError(Tr("the proxy closed the connection unexpectedly"));
    buffer = buffer.subspan(*n);
  }
  return {};
}

Status Negotiate(Transport& proxy) {
  const char greeting[] = {kVersion, 1, kMethodNoAuth};
  if (auto sent = proxy.WriteAll({greeting, sizeof greeting}); !sent) {
    return std::move(sent).error().Within("SOCKS proxy");
  }
  std::array<char, 2> choice;
  MPOP_TRY(ReadExact(proxy, choice));
  if (choice[0] != kVersion) return ProxyError(Tr("invalid reply (not SOCKS version 5)"));
  if (static_cast<unsigned char>(choice[1]) == kMethodNoneAcceptable) {
    return ProxyError(Tr("the proxy requires authentication, which is not supported"));
  }
  if (choice[1] != kMethodNoAuth) return ProxyError(Tr("the proxy chose an unsupported method"));
  return {};
}

// Reads the CONNECT reply through its bound address, whose length depends on its type.
Status ReadConnectReply(Transport& proxy) {
  std::array<char, 4> head;  // VER REP RSV ATYP
  MPOP_TRY(ReadExact(proxy, head));
  if (head[0] != kVersion) return ProxyError(Tr("invalid reply (not SOCKS version 5)"));
  if (head[1] != 0) {
    return Error::Unavailable(Socks5ReplyError(static_cast<unsigned char>(head[1])));
  }
  std::size_t address_length = 0;
  switch (head[3]) {
    case kAddressIpv4:
      address_length = 4;
      break;
    case kAddressIpv6:
      address_length = 16;
      break;
    case kAddressDomain: {
      char length = 0;
      MPOP_TRY(ReadExact(proxy, {&length, 1}));
      address_length = static_cast<unsigned char>(length);
      break;
    }
    default:
      return ProxyError(Tr("invalid reply (unknown address type)"));
  }
  std::array<char, kMaxDomainLength + 2> bound;  // BND.ADDR, BND.PORT: unused
  return ReadExact(proxy, std::span(bound).first(address_length + 2));
}

}  // namespace

Result<std::string> FormatSocks5Request(std::string_view host, int port) {
  std::string request = {kVersion, kCommandConnect, 0x00};
  const std::string host_string(host);
  std::array<char, 16> binary;
  if (::inet_pton(AF_INET, host_string.c_str(), binary.data()) == 1) {
    request += kAddressIpv4;
    request.append(binary.data(), 4);
  } else if (::inet_pton(AF_INET6, host_string.c_str(), binary.data()) == 1) {
    request += kAddressIpv6;
    request.append(binary.data(), 16);
  } else {
    auto ascii = ToAsciiHost(host);
    if (!ascii) return std::move(ascii).error();
    if (ascii->empty()) return ProxyError(Tr("empty host name"));
    if (ascii->size() > kMaxDomainLength) {
      return ProxyError(TrFormat("host name {} is longer than 255 bytes", host_string));
    }
    request += kAddressDomain;
    request += static_cast<char>(ascii->size());
    request += *ascii;
  }
  request += static_cast<char>((port >> 8) & 0xFF);
  request += static_cast<char>(port & 0xFF);
  return request;
}

std::string Socks5ReplyError(unsigned char code) {
  switch (code) {
    case 0x01:
      return "SOCKS proxy: general server failure";
    case 0x02:
      return "SOCKS proxy: connection not allowed by ruleset";
    case 0x03:
      return "SOCKS proxy: network unreachable";
    case 0x04:
      return "SOCKS proxy: host unreachable";
    case 0x05:
      return "SOCKS proxy: connection refused by destination host";
    case 0x06:
      return "SOCKS proxy: TTL expired";
    case 0x07:
      return "SOCKS proxy: command not supported";
    case 0x08:
      return "SOCKS proxy: address type not supported";
    // Tor's extended errors for .onion destinations.
    case 0xF0:
      return "SOCKS proxy: onion service descriptor cannot be found";
    case 0xF1:
      return "SOCKS proxy: onion service descriptor is invalid";
    case 0xF2:
      return "SOCKS proxy: onion service introduction failed";
    case 0xF3:
      return "SOCKS proxy: onion service rendezvous failed";
    case 0xF4:
      return "SOCKS proxy: onion service missing client authorization";
    case 0xF5:
      return "SOCKS proxy: onion service wrong client authorization";
    case 0xF6:
      return "SOCKS proxy: onion service invalid address";
    case 0xF7:
      return "SOCKS proxy: onion service introduction timed out";
    default:
      break;
  }
  char text[64];
  std::snprintf(text, sizeof text, "SOCKS proxy: unknown error (reply code 0x%02X)", code);
  return text;
}

Status Socks5Handshake(Transport& proxy, std::string_view host, int port) {
  auto request = FormatSocks5Request(host, port);
  if (!request) return std::move(request).error();
  MPOP_TRY(Negotiate(proxy));
  if (auto sent = proxy.WriteAll(*request); !sent) {
    return std::move(sent).error().Within("SOCKS proxy");
  }
  return ReadConnectReply(proxy);
}

}  // namespace mpop::net
