#pragma once
// UIDs for a server without UIDL (issue 20): each mail's identity from its header, read
// with pipelined TOP n 0 (client/header_identity.hpp), so that `only_new` and `keep` work
// there as elsewhere. Without it every session would fetch every mail again.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "pop3/capabilities.hpp"
#include "pop3/session.hpp"
#include "util/result.hpp"

namespace mpop::client {

// One identity per mail, indexed like `sizes` (the sizes LIST gave). None when the server
// is known to lack TOP or refuses it: then the mails have no identity and count as new
// every time, as before. Errors: network and protocol errors as the session reports them.
Result<std::optional<std::vector<std::string>>> HeaderUids(pop3::Session& session,
                                                           const std::vector<std::uint64_t>& sizes,
                                                           const pop3::Capabilities& capabilities);

}  // namespace mpop::client
