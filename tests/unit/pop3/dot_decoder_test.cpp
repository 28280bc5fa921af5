#include "pop3/dot_decoder.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "unit/pop3/trickle.hpp"

namespace mpop::pop3 {
namespace {

struct DecodeResult {
  std::string output;
  bool finished = false;
  std::string rest;  // input not consumed
  bool operator==(const DecodeResult&) const = default;
  friend void PrintTo(const DecodeResult& r, std::ostream* os) {
    *os << testing::PrintToString(r.output) << (r.finished ? " finished, rest " : " open, rest ")
        << testing::PrintToString(r.rest);
  }
};

DecodeResult DecodeInPieces(std::string_view input, std::size_t piece_size) {
  DotDecoder decoder;
  DecodeResult result;
  for (std::string_view piece : Pieces(input, piece_size)) {
    std::size_t consumed = decoder.Decode(piece, result.output);
    result.rest += piece.substr(consumed);
  }
  result.finished = decoder.finished();
  return result;
}

TEST(DotDecoderTest, Table) {
  const std::pair<std::string, DecodeResult> cases[] = {
      {".\r\n", {"", true, ""}},
      {".\n", {"", true, ""}},
      {"a\r\nb\r\n.\r\n", {"a\nb\n", true, ""}},
      {"a\nb\n.\n", {"a\nb\n", true, ""}},
      {"..\r\n.\r\n", {".\n", true, ""}},
      {"..a\r\n...\r\n.\r\n", {".a\n..\n", true, ""}},
      {".a\r\n.\r\n", {"a\n", true, ""}},  // lenient: a lone stuffed dot is dropped
      {"\r\n\r\n.\r\n", {"\n\n", true, ""}},
      {"a.\r\n.\r\n", {"a.\n", true, ""}},
      {"a\rb\r\n.\r\n", {"a\rb\n", true, ""}},
      {"a\r\r\n.\r\n", {"a\r\n", true, ""}},
      {".\r\r\n.\r\n", {"\r\n", true, ""}},
      {".\rx\r\n.\r\n", {"\rx\n", true, ""}},
      {"x\r\n.\r\n+OK next\r\n", {"x\n", true, "+OK next\r\n"}},
      {".\r\n.\r\n", {"", true, ".\r\n"}},
      {"a\r\nb", {"a\nb", false, ""}},
      {"a\r", {"a", false, ""}},
      {"", {"", false, ""}},
      {std::string("\xff\x00\x80\r\n.\r\n", 8), {std::string("\xff\x00\x80\n", 4), true, ""}},
  };
  for (const auto& [input, expected] : cases) {
    for (std::size_t size : kTrickleSizes) {
      SCOPED_TRACE(::testing::Message() << "input " << input << " piece " << size);
      EXPECT_EQ(DecodeInPieces(input, size), expected);
    }
  }
}

TEST(DotDecoderTest, VeryLongLinesPassThrough) {
  std::string line(100000, 'L');
  for (std::size_t size : {std::size_t{1}, std::size_t{8191}, std::size_t{0}}) {
    DecodeResult result = DecodeInPieces(line + "\r\n.\r\n", size);
    EXPECT_EQ(result, (DecodeResult{line + "\n", true, ""}));
  }
}

TEST(DotDecoderTest, ResetStartsANewBody) {
  DotDecoder decoder;
  std::string out;
  EXPECT_EQ(decoder.Decode("a\r\n.\r\nb", out), 6u);
  EXPECT_TRUE(decoder.finished());
  EXPECT_EQ(decoder.Decode("b", out), 0u);
  decoder.Reset();
  EXPECT_EQ(decoder.Decode("b\r\n.\r\n", out), 6u);
  EXPECT_EQ(out, "a\nb\n");
}

TEST(DotEncodeTest, RoundTrip) {
  EXPECT_EQ(DotEncode("a\n.b\n..\n"), "a\r\n..b\r\n...\r\n.\r\n");
  EXPECT_EQ(DotEncode("no newline"), "no newline\r\n.\r\n");
  EXPECT_EQ(DotEncode(""), ".\r\n");
  std::mt19937 random(testing::UnitTest::GetInstance()->random_seed());
  const char alphabet[] = {'.', '\n', 'a', '\r', ' '};
  for (int round = 0; round < 200; ++round) {
    std::string body;
    std::size_t length = random() % 40;
    for (std::size_t i = 0; i < length; ++i) body += alphabet[random() % sizeof alphabet];
    // Bodies as mpop delivers them: "\n" line ends, no CR before LF, ending in "\n".
    std::string normalized;
    auto add = [&normalized](char c) {
      if (c == '\n') {
        while (!normalized.empty() && normalized.back() == '\r') normalized.pop_back();
      }
      normalized += c;
    };
    for (char c : body) add(c);
    if (!normalized.empty() && normalized.back() != '\n') add('\n');
    SCOPED_TRACE(normalized);
    for (std::size_t size : kTrickleSizes) {
      EXPECT_EQ(DecodeInPieces(DotEncode(normalized), size), (DecodeResult{normalized, true, ""}));
    }
  }
}

}  // namespace
}  // namespace mpop::pop3
