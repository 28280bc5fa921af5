#pragma once
// RawClient: a minimal blocking POP3 client over a raw TCP socket to 127.0.0.1, for what no
// real client does in tests (hostile input, holding a session open, exact replies).

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.hpp"
#include "util/unique_fd.hpp"

namespace mpop::testing {

class RawClient {
 public:
  // Errors: ConnectLoopback's.
  Status Connect(int port);
  // Reads one line (without CRLF); "" at EOF or after `timeout`.
  std::string Line(std::chrono::milliseconds timeout = std::chrono::milliseconds(10000));
  // Sends all of bytes; false if the connection failed.
  bool Send(std::string_view bytes);
  // Sends line with CRLF and reads the one-line reply.
  std::string Command(const std::string& line);
  // The lines of a multi-line body up to (without) the final ".", un-dot-stuffed.
  std::vector<std::string> Body();
  // True while the server has not closed the connection.
  bool Open();
  // Waits up to timeout for the server to close the connection, reading what it sends.
  bool WaitClosed(std::chrono::milliseconds timeout);
  const std::string& buffered() const { return buffer_; }
  int fd() const { return fd_.get(); }

 private:
  UniqueFd fd_;
  std::string buffer_;
};

}  // namespace mpop::testing
