#pragma once
// A QR code drawn with Unicode half blocks, for --authorize: a phone's camera reads the
// verification URL off the terminal, so the user need not type it (issue 18). libqrencode
// makes the code; two rows of modules go into one line of text.

#include <optional>
#include <string>
#include <string_view>

namespace mpop::client {

// The lines of the code for `text` (each ending in '\n'), drawn as light modules on the
// terminal's background, like `qrencode -t UTF8`: most terminals are dark, and phone
// readers take inverted codes. nullopt if libqrencode cannot encode it (too long).
std::optional<std::string> TerminalQrCode(std::string_view text);

}  // namespace mpop::client
