#pragma once
// The `filter` command (doc/COMPAT.md 8, manual chapter 8): a shell command that looks at the
// header of each candidate mail and says with its exit status what to do with it.
//
// For every candidate, `TOP n 0` is queued (pipelined like RETR when pipelining is on)
// and its reply — the header and the empty line after it, dot-unstuffed, "\n" line ends,
// no Received header — is piped into `/bin/sh -c COMMAND` while it arrives, with every
// %F replaced by the sanitized envelope sender found in that header (delivery/
// envelope_sender.hpp; the command then starts once the header has been read) and every
// %S by the size the server gave in LIST. Exit status 0: retrieve, 1: delete, 2: skip.
// The filters run one after another, in message order.
//
// A filter that exits without reading all of its input is judged by its exit status
// alone (upstream turned that into "skip" or an error, doc/COMPAT.md 8 BUG); a SIGPIPE never
// reaches mpop.
//
// Errors end the whole session before any RETR (the caller closes the connection without
// QUIT; nothing was deleted):
//   filter 'CMD' failed for message 3: exit status 3                   (EX_IOERR)
//   filter 'CMD' failed for message 3: exit status 75 (EX_TEMPFAIL: temporary failure)
//   filter 'CMD' failed for message 3: killed by signal 9 (Killed)     (EX_IOERR)
//   cannot run 'CMD': ...                                               (EX_OSERR)
//   POP3 server rejected TOP 3 0: "-ERR ..."                           (EX_PROTOCOL)
//   the POP3 server does not support the TOP command, which the filter needs
//                                                          (EX_UNAVAILABLE, nothing sent)
// CMD is the filter command as configured, before %F and %S are replaced.

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "pop3/capabilities.hpp"
#include "pop3/session.hpp"
#include "util/result.hpp"

namespace mpop::client {

// The filter's verdict: its exit status.
enum class FilterDecision { kRetrieve = 0, kDelete = 1, kSkip = 2 };

struct FilterCandidate {
  long number = 0;         // message number, from 1
  std::uint64_t size = 0;  // size from LIST, for %S
  bool operator==(const FilterCandidate&) const = default;
};

// Runs the filter for each candidate; the result has one decision per candidate, in
// order. `capabilities`: the CAPA result; only a TOP known to be missing (CAPA worked and
// did not list it) stops the filter before it starts, else TOP is tried.
// `idle_limit`: the filter's time limit (util/subprocess.hpp); exceeding it is an
// EX_TEMPFAIL error, and no mail is retrieved or deleted in this session.
Result<std::vector<FilterDecision>> RunHeaderFilter(
    pop3::Session& session, std::string_view command, std::span<const FilterCandidate> candidates,
    const pop3::Capabilities& capabilities,
    std::optional<std::chrono::milliseconds> idle_limit = std::nullopt);

}  // namespace mpop::client
