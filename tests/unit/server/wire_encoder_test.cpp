// LF to CRLF, dot-stuffing, the added final line end and TOP limits, fed in trickles.

#include "server/wire_encoder.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <random>

namespace mpop::server {
namespace {

constexpr std::size_t kTrickles[] = {1, 2, 3, 7, 0};  // 0: all at once

std::string Encode(std::string_view mail, WireEncoder::Options options, std::size_t piece) {
  WireEncoder encoder(options);
  std::string out;
  if (piece == 0) piece = mail.size() + 1;
  for (std::size_t i = 0; i < mail.size() && !encoder.done(); i += piece) {
    encoder.Feed(mail.substr(i, piece), out);
  }
  encoder.Finish(out);
  return out;
}

struct Case {
  std::string mail;
  std::string sent;  // dot-stuffed, as RETR sends it
  std::uint64_t size;
};

TEST(WireEncoderTest, WholeMails) {
  const Case cases[] = {
      {"", "", 0},
      {"a", "a\r\n", 3},
      {"a\n", "a\r\n", 3},
      {"a\r\n", "a\r\n", 3},
      {"a\nb\r\nc", "a\r\nb\r\nc\r\n", 9},
      {"\n\n", "\r\n\r\n", 4},
      {".\n", "..\r\n", 3},
      {"..\n.x\nx.\n", "...\r\n..x\r\nx.\r\n", 12},
      {".", "..\r\n", 3},
      {"a\r", "a\r\n", 3},
      {"a\rb\n", "a\rb\r\n", 5},
      {"\r\n.\r\n", "\r\n..\r\n", 5},
      {"From x\n>From y\n", "From x\r\n>From y\r\n", 17},
      {std::string("\0\xff\n", 3), std::string("\0\xff\r\n", 4), 4},
  };
  for (const Case& c : cases) {
    for (std::size_t piece : kTrickles) {
      EXPECT_EQ(Encode(c.mail, {}, piece), c.sent) << c.mail << " piece " << piece;
      EXPECT_EQ(Encode(c.mail, {.dot_stuff = false}, piece).size(), c.size) << c.mail;
    }
    EXPECT_EQ(WireSize(c.mail), c.size) << c.mail;
  }
}

TEST(WireEncoderTest, CounterAgreesWithTheEncoderInAnyPieces) {
  std::mt19937 random(static_cast<unsigned>(::testing::UnitTest::GetInstance()->random_seed()));
  const char alphabet[] = {'\r', '\n', '.', 'x'};
  for (int round = 0; round < 2000; ++round) {
    std::string mail(random() % 24, 'x');
    for (char& c : mail) c = alphabet[random() % 4];
    std::string encoded;
    WireEncoder encoder({.dot_stuff = false});
    encoder.Feed(mail, encoded);
    encoder.Finish(encoded);
    for (std::size_t piece : kTrickles) {
      WireSizeCounter counter;
      if (piece == 0) piece = mail.size() + 1;
      for (std::size_t i = 0; i < mail.size(); i += piece) counter.Feed(mail.substr(i, piece));
      EXPECT_EQ(counter.Finish(), encoded.size()) << "mail \"" << mail << "\" piece " << piece;
    }
  }
}

// The rules of wire_encoder.hpp applied byte by byte, the obvious way: the encoder, which
// copies whole runs of bytes at once, must produce exactly this.
std::string ReferenceEncode(std::string_view mail, WireEncoder::Options options) {
  std::string out;
  bool at_line_start = true, after_cr = false, line_empty = true, in_header = true;
  bool done = false;
  std::uint64_t body_lines_sent = 0;
  auto end_line = [&] {
    if (in_header) {
      if (line_empty) {
        in_header = false;
        done = options.body_lines == std::uint64_t{0};
      }
    } else if (options.body_lines && ++body_lines_sent >= *options.body_lines) {
      done = true;
    }
    at_line_start = true;
    line_empty = true;
  };
  for (char c : mail) {
    if (done) break;
    if (c == '\n') {
      out += after_cr ? "\n" : "\r\n";
      after_cr = false;
      end_line();
      continue;
    }
    if (at_line_start && c == '.' && options.dot_stuff) out += '.';
    at_line_start = false;
    out += c;
    after_cr = c == '\r';
    if (c != '\r') line_empty = false;
  }
  if (!done && !at_line_start) out += after_cr ? "\n" : "\r\n";
  return out;
}

TEST(WireEncoderTest, AgreesWithTheByteByByteRulesInAnyPieces) {
  std::mt19937 random(static_cast<unsigned>(::testing::UnitTest::GetInstance()->random_seed()));
  const char alphabet[] = {'\r', '\n', '.', 'x', 'y'};
  const std::optional<std::uint64_t> limits[] = {std::nullopt, 0, 1, 2, 5};
  for (int round = 0; round < 3000; ++round) {
    std::string mail(random() % 40, 'x');
    for (char& c : mail) c = alphabet[random() % 5];
    const WireEncoder::Options options{.dot_stuff = random() % 2 == 0,
                                       .body_lines = limits[random() % 5]};
    const std::string expected = ReferenceEncode(mail, options);
    for (std::size_t piece : kTrickles) {
      EXPECT_EQ(Encode(mail, options, piece), expected)
          << "mail \"" << mail << "\" piece " << piece << " dot_stuff " << options.dot_stuff
          << " body_lines " << options.body_lines.value_or(999);
    }
  }
}

TEST(WireEncoderTest, TopLimits) {
  const std::string mail = "H: 1\nH: 2\n\nb1\n.b2\r\nb3";
  struct TopCase {
    std::uint64_t lines;
    std::string sent;
  } cases[] = {
      {0, "H: 1\r\nH: 2\r\n\r\n"},
      {1, "H: 1\r\nH: 2\r\n\r\nb1\r\n"},
      {2, "H: 1\r\nH: 2\r\n\r\nb1\r\n..b2\r\n"},
      {3, "H: 1\r\nH: 2\r\n\r\nb1\r\n..b2\r\nb3\r\n"},
      {1000, "H: 1\r\nH: 2\r\n\r\nb1\r\n..b2\r\nb3\r\n"},
  };
  for (const TopCase& c : cases) {
    for (std::size_t piece : kTrickles) {
      EXPECT_EQ(Encode(mail, {.body_lines = c.lines}, piece), c.sent)
          << c.lines << " piece " << piece;
    }
  }
  // A mail without an empty line is all header; a CRLF blank line ends the header too.
  EXPECT_EQ(Encode("H: 1\nH: 2\n", {.body_lines = 0}, 0), "H: 1\r\nH: 2\r\n");
  EXPECT_EQ(Encode("H: 1\r\n\r\nb\r\n", {.body_lines = 0}, 1), "H: 1\r\n\r\n");
}

TEST(WireEncoderTest, LongLinesPassThrough) {
  const std::string line(100000, 'x');
  const std::string mail = line + "\n." + line;
  EXPECT_EQ(Encode(mail, {}, 4096), line + "\r\n.." + line + "\r\n");
  EXPECT_EQ(WireSize(mail), 2 * line.size() + 5);
}

}  // namespace
}  // namespace mpop::server
