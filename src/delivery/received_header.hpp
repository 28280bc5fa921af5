#pragma once
// The Received header mpop puts in front of each delivered mail (doc/COMPAT.md 3.6):
//
//   Received: from pop.example.org (mx.example.org [192.0.2.1])
//   	by laptop.example.net (mpop-1.4.23) with POP3
//   	for <joe>; Fri, 31 Jul 2026 20:51:30 +0200
//
// The formatters here are pure; local_identity.hpp finds the host and login names and
// LocalTime() is the one call that reads the time zone.

#include <ctime>
#include <optional>
#include <string>

namespace mpop::delivery {

// The "(mpop-VERSION)" comment: the version we are compatible with.
inline constexpr char kReceivedHeaderAgent[] = "mpop-1.4.23";

enum class LineEnding { kLf, kCrLf };  // kCrLf for Exchange pickup files

struct ReceivedHeaderInfo {
  std::string server_host;                 // the host as configured
  std::optional<std::string> server_name;  // reverse DNS name of the connected address
  std::optional<std::string> server_ip;    // numeric address; none for proxy, unix socket
  std::string local_host;                  // LocalCanonicalHostName()
  std::string login;                       // LocalLoginName(), already sanitized
  std::tm time{};                          // LocalTime(now): local time with tm_gmtoff
};

// The whole header, three lines, each ending in `line_ending`. The parenthesis after the
// host is "(name [ip])", "(name)", "([ip])" or absent, depending on what is known.
std::string FormatReceivedHeader(const ReceivedHeaderInfo& info, LineEnding line_ending);

// "Fri, 31 Jul 2026 20:51:30 +0200": strftime("%a, %d %b %Y %T %z") in the C locale,
// from a broken-down local time including its tm_gmtoff; no locale or time zone is read.
std::string FormatHeaderDate(const std::tm& time);

// localtime_r() of `t`: the one impure step, at the edge.
std::tm LocalTime(std::time_t t);

}  // namespace mpop::delivery
