// Parses arbitrary STAT text and LIST/UIDL lines for a mailbox of 0..31 messages (the
// first byte); must end in a result or an error, never crash.

#include <cstdint>
#include <string>
#include <string_view>

#include "pop3/listing.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  long count = data[0] % 32;
  std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  mpop::pop3::ListParser list(count);
  mpop::pop3::UidlParser uidl(count);
  bool list_ok = true;
  bool uidl_ok = true;
  std::size_t start = 0;
  bool first = true;
  while (start < input.size()) {
    std::size_t end = input.find('\n', start);
    if (end == std::string_view::npos) end = input.size();
    std::string_view line = input.substr(start, end - start);
    if (first) (void)mpop::pop3::ParseStat(line);
    first = false;
    list_ok = list_ok && list.AddLine(line).has_value();
    uidl_ok = uidl_ok && uidl.AddLine(line).has_value();
    start = end + 1;
  }
  if (list_ok) {
    auto sizes = list.Finish();
    if (sizes && sizes->size() != static_cast<std::size_t>(count)) __builtin_trap();
  }
  if (uidl_ok) {
    auto uids = uidl.Finish();
    if (uids && (uids->uids.size() != static_cast<std::size_t>(count) ||
                 uids->duplicate.size() != uids->uids.size())) {
      __builtin_trap();
    }
  }
  return 0;
}
