// Decodes arbitrary bytes with the DotDecoder in pieces (the first byte picks the piece
// size) and checks it against decoding them in one go: same output, same bytes consumed.

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include "pop3/dot_decoder.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::size_t piece = (data[0] % 16) + 1;
  std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);

  mpop::pop3::DotDecoder whole;
  std::string whole_out;
  std::size_t whole_consumed = whole.Decode(input, whole_out);

  mpop::pop3::DotDecoder pieces;
  std::string pieces_out;
  std::size_t pieces_consumed = 0;
  for (std::size_t i = 0; i < input.size(); i += piece) {
    std::string_view part = input.substr(i, piece);
    std::size_t before = pieces_out.size();
    std::size_t consumed = pieces.Decode(part, pieces_out);
    if (consumed > part.size() || pieces_out.size() - before > part.size() + 1) __builtin_trap();
    pieces_consumed += consumed;
    if (consumed < part.size()) break;
  }
  if (whole_consumed != pieces_consumed || whole.finished() != pieces.finished() ||
      whole_out != pieces_out) {
    __builtin_trap();
  }
  if (whole.finished()) {
    // Re-encoding what was decoded and decoding again gives the same body.
    mpop::pop3::DotDecoder again;
    std::string again_out;
    std::string encoded = mpop::pop3::DotEncode(whole_out);
    if (again.Decode(encoded, again_out) != encoded.size() || !again.finished()) __builtin_trap();
  }
  return 0;
}
