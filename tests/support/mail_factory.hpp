#pragma once
// Deterministic test mails and the check that a delivered mail equals its original.
//
// Line ends, the rule every test relies on: Dovecot stores a maildir file as written and
// serves it with CRLF line ends (LF becomes CRLF, CRLF stays); mpop turns CRLF back into
// LF when it delivers. So a mail written to the server with LF line ends comes back from
// mpop byte-identical (after our Received: header); a mail written with CRLF comes back
// with LF. ExpectedDelivery() is that mapping, DeliveredMatches() applies it.
// A final line without a line end is served (and so delivered) with one added.

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.hpp"

namespace mpop::testing {

struct MailOptions {
  // Same seed, options and index: same bytes, on every platform.
  std::uint32_t seed = 1;
  // Target size in bytes including headers; met exactly unless the headers and the
  // requested tricky lines alone are longer.
  std::size_t size = 1000;
  bool crlf = false;              // CRLF line ends instead of LF
  bool from_lines = false;        // body lines "From ...", ">From ...", ">>From ..."
  bool dot_lines = false;         // body lines ".", "..", ".x", "..x", "..."
  bool long_lines = false;        // body lines of 8 KiB + 1 up to 12 KiB
  bool eight_bit = false;         // UTF-8 text and raw bytes 0x80..0xff (never NUL or CR)
  bool no_final_newline = false;  // the last line has no line end
};

// Mail number `index` (shown in Subject and Message-ID, so mails are told apart).
// Headers: From, To, Subject, Message-ID, Date, then an empty line and the body. Every
// requested tricky line kind appears at least once, at seeded positions.
std::string MakeMail(const MailOptions& options, int index);
// Mails 1..count.
std::vector<std::string> MakeMails(int count, const MailOptions& options);
// generator(1) .. generator(count), e.g. for DovecotUser::mails.
std::vector<std::string> GenerateMails(int count,
                                       const std::function<std::string(int index)>& generator);

// Converts every CRLF to LF (lone CRs stay).
std::string ToLf(std::string_view text);
// Converts every LF not preceded by CR to CRLF.
std::string ToCrlf(std::string_view text);

// What mpop must write to a maildir/mbox/MDA for a mail stored on Dovecot as `original`,
// not counting the Received: header: ToLf(original), plus "\n" if it lacks a final one.
std::string ExpectedDelivery(std::string_view original);

// Removes the leading Received: header that mpop adds on delivery: its first line starts
// with "Received:", continuation lines start with a tab (or a space, RFC 5322 folding);
// the header ends before the first line that does not. Errors: kDataErr if `delivered`
// does not start with "Received:".
Result<std::string> StripReceivedHeader(std::string_view delivered);

// True if `delivered` is a Received: header followed by ExpectedDelivery(original). On
// failure the message says where the first difference is and shows both sides there.
::testing::AssertionResult DeliveredMatches(std::string_view delivered, std::string_view original);

}  // namespace mpop::testing
