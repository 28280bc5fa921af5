#pragma once
// `mpop --mda [FROM]` (doc/COMPAT.md 7.9, mpop 1.4.23): mpop as an MDA. Reads one mail from
// standard input and delivers it with the --delivery method, as retrieval would: CRLF
// and bare LF both become "\n", a last line without one gets it, mbox quoting and From
// line as always. The envelope sender is FROM (sanitized, delivery/envelope_sender.hpp)
// or MAILER-DAEMON; the header is not searched for one. No Received header.
//
// The mail is streamed: it is never held whole in memory. For maildir it is published
// (linked into new/) before this returns; for the others Finish() is the delivery.
//
// Errors (the caller prints them and exits with their code):
//   --mda requires --delivery                         (EX_USAGE; the command line parser
//                                                      normally catches this first)
//   cannot read the mail from standard input: ...     (EX_IOERR)
//   the delivery's own errors: opening (EX_IOERR, EX_OSERR, EX_CONFIG), writing and
//   finishing (EX_IOERR), as delivery/*.hpp list them.

#include <optional>
#include <string>

#include "config/account.hpp"
#include "delivery/open_delivery.hpp"
#include "util/result.hpp"

namespace mpop::client {

// The delivery layer's name for a configured delivery (for retrieval too). Error:
// method kNone (EX_CONFIG, "no delivery information").
Result<delivery::DeliveryTarget> ToDeliveryTarget(const config::Delivery& delivery);

// Delivers the mail read from `input_fd` (standard input by default).
// `command_timeout`: an MDA's time limit (util/subprocess.hpp).
Status RunMdaMode(const config::Delivery& delivery, const std::optional<std::string>& from,
                  int input_fd = 0,
                  std::optional<std::chrono::milliseconds> command_timeout = std::nullopt);

}  // namespace mpop::client
