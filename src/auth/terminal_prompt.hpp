#pragma once
// Asking the user for a password on the controlling terminal, like getpass(3) but with the
// terminal path injectable (tests use a pseudo-terminal) and the terminal settings restored
// on every path by an RAII guard.

#include <optional>
#include <string>
#include <string_view>

#include "auth/secret_string.hpp"
#include "util/result.hpp"

namespace mpop::auth {

// Opens `terminal` (normally "/dev/tty"), writes `prompt`, reads one line with echo turned
// off, writes the newline the user's Enter did not echo, and returns the line without its
// line end ("\n" or "\r\n"; an empty line is an empty password).
// nullopt: there is no terminal (cannot open it, or it is not a terminal), e.g. under cron.
// Errors (kIoErr): the terminal failed while reading or writing, or input ended (Ctrl-D)
// before a line was complete.
// Not handled: a signal that kills the process while echo is off leaves it off, as getpass
// does.
Result<std::optional<SecretString>> PromptOnTerminal(std::string_view prompt,
                                                     const std::string& terminal);

}  // namespace mpop::auth
