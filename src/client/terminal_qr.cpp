#include "client/terminal_qr.hpp"

#include <qrencode.h>

#include <memory>

namespace mpop::client {
namespace {

struct QrCodeFree {
  void operator()(QRcode* code) const { QRcode_free(code); }
};

// The quiet zone around the code, in modules; the standard asks for 4, readers cope with 2
// and the code stays small enough for an 80x24 terminal for URLs up to about 80 bytes.
constexpr int kQuietZone = 2;

}  // namespace

std::optional<std::string> TerminalQrCode(std::string_view text) {
  const std::string input(text);  // libqrencode wants a terminated string
  std::unique_ptr<QRcode, QrCodeFree> code(
      QRcode_encodeString(input.c_str(), 0, QR_ECLEVEL_L, QR_MODE_8, 1));
  if (!code) return std::nullopt;
  const int width = code->width;
  const int size = width + 2 * kQuietZone;
  // Dark module: bit 0 of the module's byte. Outside the code: light (the quiet zone).
  auto dark = [&](int row, int column) {
    row -= kQuietZone;
    column -= kQuietZone;
    if (row < 0 || column < 0 || row >= width || column >= width) return false;
    return (code->data[row * width + column] & 1) != 0;
  };
  std::string lines;
  for (int row = 0; row < size; row += 2) {
    for (int column = 0; column < size; ++column) {
      const bool upper_light = !dark(row, column);
      const bool lower_light = row + 1 < size ? !dark(row + 1, column) : false;
      if (upper_light && lower_light) {
        lines += "\u2588";  // full block
      } else if (upper_light) {
        lines += "\u2580";  // upper half block
      } else if (lower_light) {
        lines += "\u2584";  // lower half block
      } else {
        lines += ' ';
      }
    }
    lines += '\n';
  }
  return lines;
}

}  // namespace mpop::client
