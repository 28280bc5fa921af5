#pragma once
// Internationalised host names: what we resolve or hand to a SOCKS proxy must be ASCII.

#include <string>
#include <string_view>

#include "util/result.hpp"

namespace mpop::net {

// Returns host unchanged if it is pure ASCII; otherwise its IDNA2008 A-label form
// (UTS #46 non-transitional, falling back to transitional processing for names that
// only the older rules allow, as browsers do), e.g. "bücher.example" ->
// "xn--bcher-kva.example". host must be UTF-8.
// libidn2 is loaded (dlopen) only for a name that is not ASCII.
// Errors: kNoHost "cannot convert host name H to ASCII: <libidn2's reason>"; kSoftware
// "cannot convert host name H to ASCII: cannot load the IDN library: <the loader's text>".
Result<std::string> ToAsciiHost(std::string_view host);

}  // namespace mpop::net
