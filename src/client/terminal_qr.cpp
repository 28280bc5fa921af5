#include "client/terminal_qr.hpp"

#include <qrencode.h>

#include <memory>

#include "util/shared_library.hpp"

namespace mpop::client {
namespace {

// The libqrencode functions used here; <qrencode.h> gives their types.
struct QrencodeApi {
  decltype(&::QRcode_encodeString) encode_string = nullptr;
  decltype(&::QRcode_free) free = nullptr;
};

Status Resolve(const SharedLibrary& library, QrencodeApi& api) {
  MPOP_TRY(library.Resolve("QRcode_encodeString", api.encode_string));
  MPOP_TRY(library.Resolve("QRcode_free", api.free));
  return {};
}

// The quiet zone around the code, in modules; the standard asks for 4, readers cope with 2
// and the code stays small enough for an 80x24 terminal for URLs up to about 80 bytes.
constexpr int kQuietZone = 2;

}  // namespace

Result<std::optional<std::string>> TerminalQrCode(std::string_view text) {
  Result<LoadedLibrary<QrencodeApi>> loaded = LoadLibrary(MPOP_QRENCODE_SONAME, Resolve);
  if (!loaded) return Error::Software("no QR code: " + loaded.error().message);
  const QrencodeApi& api = *loaded->api;
  const std::string input(text);  // libqrencode wants a terminated string
  const std::unique_ptr<QRcode, decltype(api.free)> code(
      api.encode_string(input.c_str(), 0, QR_ECLEVEL_L, QR_MODE_8, 1), api.free);
  if (!code) return std::optional<std::string>();
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
  return std::optional<std::string>(std::move(lines));
}

}  // namespace mpop::client
