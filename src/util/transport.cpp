#include "util/transport.hpp"

namespace mpop {

Status Transport::WriteAll(std::string_view bytes) {
  while (!bytes.empty()) {
    auto written = WriteSome(bytes);
    if (!written) return std::move(written).error();
    bytes.remove_prefix(*written);
  }
  return {};
}

}  // namespace mpop
