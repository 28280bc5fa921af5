// Parses arbitrary CAPA reply lines and greetings; must never crash.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "pop3/capabilities.hpp"
#include "pop3/greeting.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start <= input.size()) {
    std::size_t end = input.find('\n', start);
    if (end == std::string_view::npos) end = input.size();
    lines.emplace_back(input.substr(start, end - start));
    start = end + 1;
  }
  mpop::pop3::Capabilities caps = mpop::pop3::ParseCapabilities(lines);
  if (caps.sasl_mechanisms.size() > 64) __builtin_trap();
  (void)mpop::pop3::FindApopTimestamp(input);
  return 0;
}
