#pragma once
// A QR code drawn with Unicode half blocks, for --authorize: a phone's camera reads the
// verification URL off the terminal, so the user need not type it (issue 18). libqrencode
// makes the code; two rows of modules go into one line of text. It is loaded with dlopen()
// only here (issue 17): no other run needs it. Its name is the SONAME found at build time
// (MPOP_QRENCODE_SONAME, libqrencode.so.4 on Debian).

#include <optional>
#include <string>
#include <string_view>

#include "util/result.hpp"

namespace mpop::client {

// The lines of the code for `text` (each ending in '\n'), drawn as light modules on the
// terminal's background, like `qrencode -t UTF8`: most terminals are dark, and phone
// readers take inverted codes. nullopt if libqrencode cannot encode it (too long). Error
// kSoftware "no QR code: <the loader's text>" when libqrencode cannot be loaded.
Result<std::optional<std::string>> TerminalQrCode(std::string_view text);

}  // namespace mpop::client
