// Fuzzes the netrc parser and the password lookup on top of it.

#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/netrc.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<mpop::auth::NetrcEntry> entries = mpop::auth::ParseNetrc(text);
  std::optional<mpop::auth::SecretString> password =
      mpop::auth::FindNetrcPassword(text, "pop.example.com", "joe");
  // A password found must be one that the parser saw for a matching entry.
  if (password) {
    bool seen = false;
    for (const auto& entry : entries) {
      seen = seen || (!entry.is_default && entry.login == "joe" &&
                      entry.password == std::string(password->view()));
    }
    if (!seen) std::abort();
  }
  return 0;
}
