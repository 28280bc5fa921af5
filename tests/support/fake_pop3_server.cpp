#include "support/fake_pop3_server.hpp"

#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstdlib>

#include "support/loopback.hpp"

namespace mpop::testing {
namespace {

// Waits up to 100 ms for fd to become readable.
bool Readable(int fd) {
  pollfd p{fd, POLLIN, 0};
  return ::poll(&p, 1, 100) > 0;
}

}  // namespace

FakePop3Server::FakePop3Server(std::string greeting, Responder responder)
    : greeting_(std::move(greeting)), responder_(std::move(responder)) {
  auto listener = ListenLoopback();
  if (!listener) std::abort();
  listener_ = std::move(*listener);
  port_ = LocalPort(listener_.get());
  Start();
}

FakePop3Server::FakePop3Server(std::string greeting, Responder responder,
                               const std::string& socket_path)
    : greeting_(std::move(greeting)), responder_(std::move(responder)) {
  auto listener = ListenUnix(socket_path);
  if (!listener) std::abort();
  listener_ = std::move(*listener);
  Start();
}

void FakePop3Server::Start() {
  thread_ = std::thread([this] { Serve(); });
}

FakePop3Server::~FakePop3Server() {
  stop_ = true;
  thread_.join();
}

std::vector<std::string> FakePop3Server::commands() const {
  std::lock_guard lock(mutex_);
  return commands_;
}

bool FakePop3Server::received(const std::string& command) const {
  auto all = commands();
  return std::find(all.begin(), all.end(), command) != all.end();
}

void FakePop3Server::Serve() {
  while (!stop_) {
    if (!Readable(listener_.get())) continue;
    UniqueFd connection(::accept4(listener_.get(), nullptr, nullptr, SOCK_CLOEXEC));
    if (connection) ServeConnection(connection.get());
  }
}

void FakePop3Server::ServeConnection(int fd) {
  SendAll(fd, greeting_);
  std::string pending;
  bool silent = false;
  while (!stop_) {
    if (!Readable(fd)) continue;
    char buffer[65536];
    ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) return;
    if (silent) continue;
    pending.append(buffer, static_cast<std::size_t>(n));
    std::size_t end;
    while ((end = pending.find('\n')) != std::string::npos) {
      std::string line = pending.substr(0, end);
      pending.erase(0, end + 1);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      {
        std::lock_guard lock(mutex_);
        commands_.push_back(line);
      }
      FakeReply reply = responder_(line);
      SendAll(fd, reply.bytes);
      if (reply.close_after) return;
      if (reply.go_silent) {
        silent = true;
        break;
      }
    }
  }
}

}  // namespace mpop::testing
