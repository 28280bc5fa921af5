#include "support/raw_pop3_client.hpp"

#include <poll.h>
#include <sys/socket.h>

#include "support/loopback.hpp"

namespace mpop::testing {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

Status RawClient::Connect(int port) {
  Result<UniqueFd> fd = ConnectLoopback(static_cast<uint16_t>(port));
  if (!fd) return std::move(fd).error();
  fd_ = std::move(*fd);
  return {};
}

std::string RawClient::Line(milliseconds timeout) {
  const Clock::time_point deadline = Clock::now() + timeout;
  for (;;) {
    const std::size_t newline = buffer_.find("\r\n");
    if (newline != std::string::npos) {
      std::string line = buffer_.substr(0, newline);
      buffer_.erase(0, newline + 2);
      return line;
    }
    const auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return "";
    pollfd p{fd_.get(), POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return "";
    char chunk[65536];
    const ssize_t n = ::recv(fd_.get(), chunk, sizeof chunk, 0);
    if (n <= 0) return "";
    buffer_.append(chunk, static_cast<std::size_t>(n));
  }
}

bool RawClient::Send(std::string_view bytes) { return SendAll(fd_.get(), bytes); }

std::string RawClient::Command(const std::string& line) {
  Send(line + "\r\n");
  return Line();
}

std::vector<std::string> RawClient::Body() {
  std::vector<std::string> lines;
  for (std::string line = Line(); line != "."; line = Line()) {
    if (line.empty() && buffer_.empty() && !Open()) break;
    lines.push_back(line.starts_with('.') ? line.substr(1) : line);
  }
  return lines;
}

bool RawClient::Open() {
  pollfd p{fd_.get(), POLLIN, 0};
  if (::poll(&p, 1, 0) <= 0) return true;
  char c;
  return ::recv(fd_.get(), &c, 1, MSG_PEEK) > 0;
}

bool RawClient::WaitClosed(milliseconds timeout) {
  const Clock::time_point deadline = Clock::now() + timeout;
  while (Clock::now() < deadline) {
    pollfd p{fd_.get(), POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    char chunk[65536];
    const ssize_t n = ::recv(fd_.get(), chunk, sizeof chunk, 0);
    if (n <= 0) return true;
    buffer_.append(chunk, static_cast<std::size_t>(n));
  }
  return false;
}

}  // namespace mpop::testing
