#pragma once
// Output: where a session writes its replies. The connection loop's implementation
// buffers and sends to the client; tests collect the bytes in a string.

#include <string>
#include <string_view>

#include "util/result.hpp"

namespace mpop::server {

class Output {
 public:
  virtual ~Output() = default;
  // Errors: the client connection failed (kIoErr); the session then ends.
  virtual Status Write(std::string_view bytes) = 0;
};

// Collects everything in a string.
class StringOutput final : public Output {
 public:
  Status Write(std::string_view bytes) override {
    text.append(bytes);
    return {};
  }
  std::string text;
};

}  // namespace mpop::server
