#pragma once
// Running shell commands (`/bin/sh -c`) for `eval`, `passwordeval`, MDAs and filters.

#include <string>
#include <string_view>

#include "util/result.hpp"

namespace mpop {

// Runs `command` through /bin/sh -c with stdin from /dev/null and returns the first line
// of its standard output, with exactly one trailing "\n" or "\r\n" removed (spaces are
// kept; an empty first line gives ""). The whole output is read so the command never
// gets SIGPIPE. Errors (kIoErr, the caller re-labels if the spec wants another code):
// the command could not be started, was killed by a signal, exited with a non-zero
// status (upstream ignores the status; we do not, a failing decryption must not become
// an empty password), or printed nothing at all ("cannot read output of 'CMD'").
Result<std::string> EvalFirstLine(std::string_view command);

}  // namespace mpop
