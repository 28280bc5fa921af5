#pragma once
// The text of `mpop --help`: how to call mpop in each mode, then every option of
// config/option_table.hpp, one line each, grouped as in the manual.

#include <string>

namespace mpop::client {

// The whole --help output, ending in a newline.
std::string HelpText();

}  // namespace mpop::client
