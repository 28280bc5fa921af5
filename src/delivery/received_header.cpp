#include "delivery/received_header.hpp"

#include <fmt/format.h>
#include <time.h>

#include <cstdlib>
#include <string_view>

namespace mpop::delivery {
namespace {

// English names, as in the C locale, whatever the user's locale is.
constexpr std::string_view kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr std::string_view kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

std::string_view NameAt(const std::string_view* names, int count, int index) {
  return index >= 0 && index < count ? names[index] : std::string_view("???");
}

}  // namespace

std::string FormatHeaderDate(const std::tm& time) {
  long offset_minutes = time.tm_gmtoff / 60;
  char sign = offset_minutes < 0 ? '-' : '+';
  offset_minutes = std::labs(offset_minutes);
  return fmt::format("{}, {:02} {} {} {:02}:{:02}:{:02} {}{:02}{:02}",
                     NameAt(kDays, 7, time.tm_wday), time.tm_mday, NameAt(kMonths, 12, time.tm_mon),
                     time.tm_year + 1900, time.tm_hour, time.tm_min, time.tm_sec, sign,
                     offset_minutes / 60, offset_minutes % 60);
}

std::string FormatReceivedHeader(const ReceivedHeaderInfo& info, LineEnding line_ending) {
  std::string_view eol = line_ending == LineEnding::kCrLf ? "\r\n" : "\n";
  std::string origin;
  if (info.server_name && info.server_ip) {
    origin = fmt::format(" ({} [{}])", *info.server_name, *info.server_ip);
  } else if (info.server_name) {
    origin = fmt::format(" ({})", *info.server_name);
  } else if (info.server_ip) {
    origin = fmt::format(" ([{}])", *info.server_ip);
  }
  return fmt::format("Received: from {}{}{}\tby {} ({}) with POP3{}\tfor <{}>; {}{}",
                     info.server_host, origin, eol, info.local_host, kReceivedHeaderAgent, eol,
                     info.login, FormatHeaderDate(info.time), eol);
}

std::tm LocalTime(std::time_t t) {
  std::tm result{};
  localtime_r(&t, &result);
  return result;
}

}  // namespace mpop::delivery
