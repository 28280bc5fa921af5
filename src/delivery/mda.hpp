#pragma once
// Delivery through a mail delivery agent (doc/COMPAT.md 3.3, with its BUGs fixed).
//
// Each mail starts `/bin/sh -c COMMAND` (util/subprocess.hpp) with every %F replaced by
// the sanitized envelope sender (envelope_sender.hpp: MailInfo's, else found in the
// mail's header, which alone is held back until it ends; without %F the MDA starts at
// Begin() and the mail streams through at once). The mail, with the Received header the
// client wrote, goes to its standard input with "\n" line ends, no From line, no
// quoting; a mail not ending in "\n" gets one.
//
// Finish() closes the MDA's input and waits for it: exit status 0 is the delivery, the
// token is empty, and Sync(), Publish() and Recover() do nothing. Anything else is an
// error (EX_IOERR; EX_TEMPFAIL for the MDA's own exit status 75 and for the time limit),
// the mail counts as not delivered (the client keeps it on the server and does not record
// its UID). An MDA that closes its input early is waited for, and its exit status is the
// reason given:
//   delivery to MDA 'CMD' failed: exit status 75 (EX_TEMPFAIL: temporary failure)
//   delivery to MDA 'CMD' failed: exit status 1
//   delivery to MDA 'CMD' failed: killed by signal 9 (Killed)
//   delivery to MDA 'CMD' failed: the MDA did not read the mail      (it exited with 0)
//   delivery to MDA 'CMD' failed: the command took no input for 300 seconds; killed it
//     and its process group
//   delivery to MDA 'CMD' failed: the command did not end within 300 seconds after its
//     input was complete; killed it and its process group
//   cannot run 'CMD': ...                                  (EX_OSERR: no fork, no pipe)
// CMD is the command as configured, before %F is replaced.
//
// An MDA must never deliver a cut-off mail: Abort(), a writer dropped without Finish()
// and every error kill the MDA's process group with SIGKILL *before* its input is closed,
// so it never reads an EOF after part of a mail (upstream let it, doc/COMPAT.md 3.3 BUG). If
// mpop itself dies, the kernel kills the MDA (subprocess.hpp). An MDA that stops reading
// is noticed when a write fails; one that exits 0 without reading a mail small enough
// to fit into the pipe cannot be told from one that delivered it.
//
// As with mbox, Finish() is the delivery: the client should record each UID right after
// it, so that a crash repeats at most the one mail in flight (open_delivery.hpp).

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "delivery/sink.hpp"
#include "util/result.hpp"

namespace mpop::delivery {

struct MdaOptions {
  // Bytes collected per writer before a write() into the pipe.
  std::size_t buffer_size = 64 * 1024;
  // Where large headers wait for the sender (SenderGate); empty: $TMPDIR or /tmp.
  std::string temp_dir;
  // How long the MDA may take no input, or take to end after the mail; none: for ever
  // (util/subprocess.hpp). The client sets `command_timeout`.
  std::optional<std::chrono::milliseconds> idle_limit;
};

// The command is only run by Begin(). Error: an empty command (EX_CONFIG,
// "the MDA command is empty").
Result<std::unique_ptr<Delivery>> OpenMda(std::string_view command, MdaOptions options = {});

// `command` with every occurrence of `placeholder` ("%F") replaced by `value`, left to
// right, never inside a replacement.
std::string ReplacePlaceholder(std::string_view command, std::string_view placeholder,
                               std::string_view value);

}  // namespace mpop::delivery
