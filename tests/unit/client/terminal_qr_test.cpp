// The QR code --authorize draws: two module rows per line, light modules as blocks.

#include "client/terminal_qr.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <vector>

namespace mpop::client {
namespace {

// The lines of `text`, and each line's width in characters (every glyph is one column).
std::vector<std::u32string> Lines(const std::string& text) {
  std::vector<std::u32string> lines;
  std::u32string line;
  for (std::size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      lines.push_back(line);
      line.clear();
      ++i;
    } else if (c < 0x80) {
      line += c;
      ++i;
    } else {  // the three-byte block glyphs
      line += static_cast<char32_t>(((c & 0x0F) << 12) | ((text[i + 1] & 0x3F) << 6) |
                                    (text[i + 2] & 0x3F));
      i += 3;
    }
  }
  return lines;
}

TEST(TerminalQrTest, DrawsASquareCodeWithItsFinderPatternAndQuietZone) {
  Result<std::optional<std::string>> drawn =
      TerminalQrCode("https://id.example.org/device?user_code=ABCD");
  ASSERT_TRUE(drawn) << drawn.error().message;
  const std::optional<std::string>& qr = *drawn;
  ASSERT_TRUE(qr);
  const std::vector<std::u32string> lines = Lines(*qr);
  ASSERT_FALSE(lines.empty());
  const std::size_t size = lines[0].size();  // modules + 2 * quiet zone
  // Version 3 or 4 for this length: 29 or 33 modules, plus the quiet zone of 2 each side.
  EXPECT_TRUE(size == 33 || size == 37) << size;
  EXPECT_EQ(lines.size(), (size + 1) / 2);
  for (const std::u32string& line : lines) EXPECT_EQ(line.size(), size);
  // The first line is quiet zone (rows 0 and 1): all light, all full blocks.
  EXPECT_EQ(lines[0], std::u32string(size, U'\u2588'));
  // Line 1 holds rows 2 and 3: the finder pattern's dark top edge (row 2) over its dark
  // side and light inside (row 3). Columns 2..8 are the pattern.
  EXPECT_EQ(lines[1][0], U'\u2588');
  EXPECT_EQ(lines[1][2], U' ');       // dark over dark
  EXPECT_EQ(lines[1][3], U'\u2584');  // dark over light
  EXPECT_EQ(lines[1][8], U' ');
  EXPECT_EQ(lines[1][9], U'\u2588');  // the separator after the pattern is light
}

TEST(TerminalQrTest, DifferentTextsGiveDifferentCodes) {
  EXPECT_NE(TerminalQrCode("https://a.example/1").value(),
            TerminalQrCode("https://a.example/2").value());
}

TEST(TerminalQrTest, TooLongForAnyQrCodeIsNothing) {
  EXPECT_FALSE(TerminalQrCode(std::string(8000, 'x')).value());
}

}  // namespace
}  // namespace mpop::client
