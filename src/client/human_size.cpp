#include "client/human_size.hpp"

#include <fmt/format.h>

#include "util/i18n.hpp"

namespace mpop::client {

std::string FormatHumanSize(std::int64_t bytes) {
  constexpr double kKiB = 1024.0, kMiB = kKiB * 1024.0, kGiB = kMiB * 1024.0;
  const auto b = static_cast<double>(bytes);
  if (b >= kGiB) return fmt::format("{:.2f} GiB", b / kGiB);
  if (b >= kMiB) return fmt::format("{:.2f} MiB", b / kMiB);
  if (b >= kKiB) return fmt::format("{:.2f} KiB", b / kKiB);
  return TrNFormat("{} byte", "{} bytes", bytes, bytes);
}

std::string FormatMessageCount(std::int64_t count) {
  if (count == 0) return Tr("no messages");
  return TrNFormat("{} message", "{} messages", count, count);
}

namespace {
std::string CountAndSize(std::int64_t count, std::int64_t size) {
  std::string text = FormatMessageCount(count);
  if (size > 0) return TrFormat("{} in {}", text, FormatHumanSize(size));
  return text;
}
}  // namespace

std::string FormatStatus(const std::string& user, const std::string& host, std::int64_t new_count,
                         std::int64_t new_size, std::int64_t total_count, std::int64_t total_size) {
  std::string text = TrFormat("{} at {}:", user, host) + "\n";
  if (total_count > 0) {
    text += TrFormat("new: {}, total: {}", CountAndSize(new_count, new_size),
                     CountAndSize(total_count, total_size));
  } else {
    text += CountAndSize(total_count, total_size);
  }
  return text + "\n";
}

}  // namespace mpop::client
