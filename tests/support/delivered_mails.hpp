#pragma once
// What POP3 clients delivered, compared with the mails a test served: the mpopd tests run
// real clients (ours, Debian's mpop, curl, poplib, fetchmail, getmail) that each add
// their own header lines and keep or convert the wire's CRLF.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "util/result.hpp"

namespace mpop::testing {

// Compares delivered mails with the expected ones as multisets (clients may reorder);
// a failure names the first differing byte.
::testing::AssertionResult SameMails(std::vector<std::string> got,
                                     std::vector<std::string> expected);

// What a client that keeps the wire's CRLF (curl, poplib joined with CRLF) gets.
std::vector<std::string> AsSentOnTheWire(const std::vector<std::string>& mails);

// What a client that converts to LF gets, after its own headers.
std::vector<std::string> AsDelivered(const std::vector<std::string>& mails);

// Drops the first `skip_lines` lines and then a Received: header (with its folded lines).
Result<std::string> StripClientHeaders(const std::string& delivered, int skip_lines);

// The files of dir, each without its client's header lines when `received` (see
// StripClientHeaders); a file without them is kept with a marker, so it fails SameMails.
std::vector<std::string> ReadDelivered(const std::string& dir, int skip_lines, bool received);

}  // namespace mpop::testing
