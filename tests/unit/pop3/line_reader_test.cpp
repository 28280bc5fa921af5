#include "pop3/line_reader.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "unit/pop3/trickle.hpp"

namespace mpop::pop3 {
namespace {

// Feeds `input` in pieces and collects every line (content) or the first error.
Result<std::vector<std::string>> SplitLines(std::string_view input, std::size_t piece_size) {
  LineReader reader;
  std::vector<std::string> lines;
  for (std::string_view piece : Pieces(input, piece_size)) {
    while (!piece.empty()) piece.remove_prefix(reader.Append(piece));
    while (true) {
      Result<std::optional<Line>> line = reader.NextLine();
      if (!line) return std::move(line).error();
      if (!*line) break;
      lines.emplace_back((*line)->content);
    }
  }
  return lines;
}

TEST(LineReaderTest, SplitsCrlfAndBareLf) {
  const std::pair<std::string, std::vector<std::string>> cases[] = {
      {"+OK\r\n", {"+OK"}},
      {"+OK\n", {"+OK"}},
      {"+OK a\r\n-ERR b\n+OK c\r\n", {"+OK a", "-ERR b", "+OK c"}},
      {"\r\n\n", {"", ""}},
      {"+OK no end", {}},
      {"a\rb\r\n", {"a\rb"}},
      {"x\r\r\n", {"x\r"}},
  };
  for (const auto& [input, expected] : cases) {
    for (std::size_t size : kTrickleSizes) {
      SCOPED_TRACE(::testing::Message() << "input " << input << " piece " << size);
      Result<std::vector<std::string>> lines = SplitLines(input, size);
      ASSERT_TRUE(lines.has_value());
      EXPECT_EQ(*lines, expected);
    }
  }
}

TEST(LineReaderTest, RawIncludesLineEnding) {
  LineReader reader;
  ASSERT_EQ(reader.Append("+OK\r\nx\n"), 7u);
  auto first = reader.NextLine();
  ASSERT_TRUE(first.has_value() && first->has_value());
  EXPECT_EQ((*first)->raw, "+OK\r\n");
  auto second = reader.NextLine();
  ASSERT_TRUE(second.has_value() && second->has_value());
  EXPECT_EQ((*second)->raw, "x\n");
  EXPECT_TRUE(reader.empty());
}

TEST(LineReaderTest, LongestAllowedLine) {
  std::string line(kMaxLineLength, 'x');
  for (std::size_t size : {std::size_t{1000}, std::size_t{0}}) {
    Result<std::vector<std::string>> lines = SplitLines(line + "\r\n", size);
    ASSERT_TRUE(lines.has_value());
    EXPECT_EQ(*lines, std::vector<std::string>{line});
  }
}

TEST(LineReaderTest, RejectsOverlongLines) {
  const std::string expected = "POP3 server sent a line longer than 8190 bytes";
  const std::string inputs[] = {
      std::string(kMaxLineLength + 1, 'x') + "\r\n",
      std::string(kMaxLineLength + 1, 'x') + "\n",
      std::string(kMaxLineLength + 2, 'x'),  // no line end yet, already too long
      std::string(1024 * 1024, 'x') + "\r\n",
  };
  for (const std::string& input : inputs) {
    for (std::size_t size : {std::size_t{1}, std::size_t{3}, std::size_t{4096}}) {
      SCOPED_TRACE(::testing::Message() << "length " << input.size() << " piece " << size);
      Result<std::vector<std::string>> lines = SplitLines(input, size);
      ASSERT_FALSE(lines.has_value());
      EXPECT_EQ(lines.error().code, ExitCode::kProtocol);
      EXPECT_EQ(lines.error().message, expected);
    }
  }
}

TEST(LineReaderTest, PendingAndConsumeForBodies) {
  LineReader reader(16 * 1024);
  std::string body(100000, 'b');
  std::size_t total = 0;
  std::string_view rest = body;
  // A body far larger than the buffer passes through when consumed as it comes.
  while (!rest.empty()) {
    std::size_t n = reader.Append(rest.substr(0, 5000));
    ASSERT_GT(n, 0u);
    rest.remove_prefix(n);
    total += reader.Pending().size();
    reader.Consume(reader.size());
  }
  EXPECT_EQ(total, body.size());
  EXPECT_FALSE(reader.WritableSpace().empty());
}

}  // namespace
}  // namespace mpop::pop3
