#pragma once
// Delivery through a mail delivery agent (COMPAT.md 3.3, with its BUGs fixed).
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
// error (EX_IOERR), the mail counts as not delivered (the client keeps it on the server
// and does not record its UID):
//   delivery to MDA 'CMD' failed: exit status 75 (EX_TEMPFAIL: temporary failure)
//   delivery to MDA 'CMD' failed: exit status 1
//   delivery to MDA 'CMD' failed: killed by signal 9 (Killed)
//   delivery to MDA 'CMD' failed: the MDA did not read the mail
//   cannot run 'CMD': ...                                  (EX_OSERR: no fork, no pipe)
// CMD is the command as configured, before %F is replaced.
//
// An MDA must never deliver a cut-off mail: Abort(), a writer dropped without Finish()
// and every error kill the MDA's process group with SIGKILL *before* its input is closed,
// so it never reads an EOF after part of a mail (upstream let it, COMPAT.md 3.3 BUG). If
// mpop itself dies, the kernel kills the MDA (subprocess.hpp). An MDA that stops reading
// is noticed when a write fails; one that exits 0 without reading a mail small enough
// to fit into the pipe cannot be told from one that delivered it.
//
// As with mbox, Finish() is the delivery: the client should record each UID right after
// it, so that a crash repeats at most the one mail in flight (open_delivery.hpp).

#include <cstddef>
#include <memory>
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
};

// The command is only run by Begin(). Error: an empty command (EX_CONFIG,
// "the MDA command is empty").
Result<std::unique_ptr<Delivery>> OpenMda(std::string_view command, MdaOptions options = {});

// `command` with every occurrence of `placeholder` ("%F") replaced by `value`, left to
// right, never inside a replacement.
std::string ReplacePlaceholder(std::string_view command, std::string_view placeholder,
                               std::string_view value);

}  // namespace mpop::delivery
