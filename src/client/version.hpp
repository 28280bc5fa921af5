#pragma once
// The text of `mpop --version` (doc/COMPAT.md 7.7): version, platform, the libraries and
// features built in, the authentication methods, the configuration file and the license.

#include <string>
#include <string_view>
#include <vector>

namespace mpop::client {

// The mpop release whose behaviour we reproduce.
inline constexpr std::string_view kMpopVersion = "1.4.23";

// The authentication methods this build supports, lowercase, in the manual's order (the
// rows of auth/method_registry.hpp): the built-in ones and those the GNU SASL library in
// use has a client for (auth/supported_methods.hpp), so the list is exact for the library
// found at run time.
std::vector<std::string> SupportedAuthMethods();

// The target triplet this binary was compiled for, e.g. "x86_64-pc-linux-gnu".
std::string_view PlatformTriplet();

// The whole --version output, ending in a newline. `config_file` is the configuration
// file mpop would read (the -C file, else DefaultConfigPath()).
std::string VersionText(std::string_view config_file);

}  // namespace mpop::client
