#include "net/idn.hpp"

#include <idn2.h>

#include <algorithm>
#include <cstdlib>

#include "util/c_handle.hpp"
#include "util/i18n.hpp"

namespace mpop::net {
namespace {

using IdnString = CHandle<char, idn2_free>;

}  // namespace

Result<std::string> ToAsciiHost(std::string_view host) {
  if (std::all_of(host.begin(), host.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
    return std::string(host);
  }
  const std::string input(host);  // libidn2 wants a NUL-terminated string
  char* raw = nullptr;
  // NFC first, so a name typed in decomposed form maps to the same label.
  int rc = idn2_to_ascii_8z(input.c_str(), &raw, IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL);
  if (rc == IDN2_DISALLOWED) {
    rc = idn2_to_ascii_8z(input.c_str(), &raw, IDN2_NFC_INPUT | IDN2_TRANSITIONAL);
  }
  IdnString output(raw);
  if (rc != IDN2_OK) {
    return Error::NoHost(
        TrFormat("cannot convert host name {} to ASCII: {}", input, idn2_strerror(rc)));
  }
  return std::string(output.get());
}

}  // namespace mpop::net
