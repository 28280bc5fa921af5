#pragma once
// ConnectUnix: the `socket` setting, a local unix domain stream socket.

#include <chrono>
#include <optional>
#include <string>

#include "net/poll_fd.hpp"
#include "util/result.hpp"
#include "util/unique_fd.hpp"

namespace mpop::net {

// Connects to the unix socket at path, waiting at most timeout for a busy listener.
// Returns a connected, blocking descriptor.
// Errors: kTempFail "cannot connect to PATH: <reason>" (missing, refused, name too long,
// timed out, "operation aborted"); kOsErr "cannot create socket: ...".
Result<UniqueFd> ConnectUnix(const std::string& path,
                             std::optional<std::chrono::milliseconds> timeout,
                             AbortFlag abort_flag);

}  // namespace mpop::net
