#pragma once
// Sizes as mpop prints them in status and progress lines (doc/COMPAT.md 7.4):
// "1 byte", "N bytes", "%.2f KiB", "%.2f MiB", "%.2f GiB".

#include <cstdint>
#include <string>

namespace mpop::client {

std::string FormatHumanSize(std::int64_t bytes);

// "no messages", "1 message", "N messages".
std::string FormatMessageCount(std::int64_t count);

// The two status lines of an account (doc/COMPAT.md 7.4), each ending in '\n':
//   "USER at HOST:\n" and "new: 2 messages in 3.50 KiB, total: 5 messages in 1.20 MiB\n"
// (just "no messages" when the mailbox is empty).
std::string FormatStatus(const std::string& user, const std::string& host, std::int64_t new_count,
                         std::int64_t new_size, std::int64_t total_count, std::int64_t total_size);

}  // namespace mpop::client
