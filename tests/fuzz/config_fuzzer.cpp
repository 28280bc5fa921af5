// Fuzz target for the mpoprc parser: the bytes are a configuration file (eval replaced by
// a pure function that returns its command, so eval output is fuzzed too), and every
// account that parses is finished and printed as --pretend would. The same bytes also
// go to the keep-duration and size parsers.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "config/config_file.hpp"
#include "config/finish.hpp"
#include "config/pretend.hpp"
#include "config/values.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  mpop::config::ParseOptions options;
  options.eval = [](std::string_view command) -> mpop::Result<std::string> {
    if (command == "fail") return mpop::Error::IoErr("cannot read output of 'fail'");
    return std::string(command);
  };
  auto file = mpop::config::ParseConfig(text, "fuzz.rc", options);
  if (file) {
    for (mpop::config::Account account : file->accounts) {
      if (mpop::config::FinishAccount(account, mpop::config::Purpose::kRetrieval)) {
        (void)mpop::config::FormatPretend(account, true);
      }
    }
  }
  (void)mpop::config::ParseKeep(text);
  (void)mpop::config::ParseSize(text);
  (void)mpop::config::ParseFingerprint(text);
  return 0;
}
