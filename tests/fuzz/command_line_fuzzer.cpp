// Feeds ParseCommandLine() argument vectors: the input split at newlines, one argument per
// line. Whatever the words, parsing must end in a CommandLine or a usage error, never a
// crash, and must leave getopt ready for the next call.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "config/command_line.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> args = {"mpop"};
  while (!input.empty() && args.size() < 64) {
    std::size_t end = input.find('\n');
    args.emplace_back(input.substr(0, end));
    input = end == std::string_view::npos ? std::string_view() : input.substr(end + 1);
  }
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  mpop::Result<mpop::config::CommandLine> cl =
      mpop::config::ParseCommandLine(static_cast<int>(args.size()), argv.data());
  if (!cl && cl.error().code != mpop::ExitCode::kUsage) __builtin_trap();
  return 0;
}
