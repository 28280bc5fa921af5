#pragma once
// Unique file names for maildir (doc/COMPAT.md 3.1) and, later, Exchange pickup files (3.4).
// Pure functions: the caller supplies time, pid, sequence number and host name.

#include <cstdint>
#include <string>
#include <string_view>

namespace mpop::delivery {

struct UniqueNameParts {
  std::int64_t seconds = 0;       // time of creation, seconds since the epoch
  std::int64_t microseconds = 0;  // 0..999999
  std::int64_t pid = 0;
  std::uint64_t sequence = 0;  // DeliverySequence::Next()
  std::string host;            // already SanitizeHostForFileName()'d
};

// The host name as it may appear in a maildir file name: '/' -> "_057_", ':' -> "_072_",
// '\' -> "_134_" (the octal codes, as the maildir convention wants); nothing else changes.
std::string SanitizeHostForFileName(std::string_view host);

// "<sec>.M<usec, 6 digits>P<pid>Q<seq>.<host>", e.g. "1700000000.M000042P12Q1.mail".
std::string MaildirFileName(const UniqueNameParts& parts);

}  // namespace mpop::delivery
