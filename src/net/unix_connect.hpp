#pragma once
// ConnectUnix: the `socket` setting, a local unix domain stream socket.

#include <chrono>
#include <optional>
#include <string>

#include "net/abort_signal.hpp"
#include "util/result.hpp"
#include "util/unique_fd.hpp"

namespace mpop::net {

// Connects to the unix socket at path, waiting at most timeout for a busy listener, and
// giving up within kUnixConnectSlice once abort fires. Returns a connected, blocking
// descriptor.
// Errors: kTempFail "cannot connect to PATH: <reason>" (missing, refused, name too long,
// timed out, "operation aborted"); kOsErr "cannot create socket: ...".
Result<UniqueFd> ConnectUnix(const std::string& path,
                             std::optional<std::chrono::milliseconds> timeout, AbortSignal abort);

// How long one blocking connect() to a busy unix listener waits before the stop is looked
// at again (see unix_connect.cpp for why this wait cannot be woken).
inline constexpr std::chrono::milliseconds kUnixConnectSlice{100};

}  // namespace mpop::net
