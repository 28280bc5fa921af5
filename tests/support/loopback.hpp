#pragma once
// Sockets for test fixtures: listening on 127.0.0.1 port 0 or on a unix domain socket,
// free-port picking for servers that need a number in their config, connecting with a
// deadline, and writing a whole buffer.

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "util/result.hpp"
#include "util/unique_fd.hpp"

namespace mpop::testing {

// A listening socket on 127.0.0.1 with a kernel-chosen port. Errors: kOsErr.
Result<UniqueFd> ListenLoopback();

// A listening unix domain socket at path (an old file there is removed first).
// Errors: kOsErr.
Result<UniqueFd> ListenUnix(const std::string& path);

// Sends all of bytes on a socket (or writes it to a pipe), without SIGPIPE. False if the
// peer went away or another error stopped it first.
bool SendAll(int fd, std::string_view bytes);

// What the system's resolver calls 127.0.0.1 ("localhost" from /etc/hosts, usually);
// nullopt if it has no name.
std::optional<std::string> LoopbackReverseName();

// The local port a socket is bound to.
uint16_t LocalPort(int fd);

// A port that was free a moment ago (bound on 127.0.0.1:0, read back, closed). Another
// process may take it before the caller binds it: callers retry on "Address in use".
Result<uint16_t> PickFreePort();

// Connects to 127.0.0.1:port (blocking; loopback answers at once). Errors: kIoErr with
// the errno text, e.g. "connect to 127.0.0.1:1234: Connection refused".
Result<UniqueFd> ConnectLoopback(uint16_t port);

// Connects to 127.0.0.1:port and reads its first line (e.g. a POP3 greeting), retrying the
// connection every few milliseconds while it is refused, until timeout. `alive` is asked
// before each retry; when it returns false (the server process died) waiting stops.
// Returns the line without its line end. Errors: kTempFail naming the port and the last
// failure ("... no greeting within 5000 ms: connect ...: Connection refused").
Result<std::string> WaitForGreeting(uint16_t port, std::chrono::milliseconds timeout,
                                    const std::function<bool()>& alive);

}  // namespace mpop::testing
