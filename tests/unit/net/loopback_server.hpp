#pragma once
// Test servers for the net tests: a thread that accepts one connection on 127.0.0.1 (or
// ::1, or a unix socket) port 0 and runs a session function on it with blocking I/O.

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <cstring>
#include <functional>
#include <string>
#include <thread>

#include "net/listener.hpp"
#include "support/loopback.hpp"
#include "util/unique_fd.hpp"

namespace mpop::net::testing {

using Session = std::function<void(UniqueFd)>;

// Reads exactly n bytes (fewer only at end of stream).
inline std::string ReadBytes(int fd, std::size_t n) {
  std::string data(n, '\0');
  std::size_t got = 0;
  while (got < n) {
    ssize_t r = ::recv(fd, data.data() + got, n - got, 0);
    if (r <= 0) break;
    got += static_cast<std::size_t>(r);
  }
  data.resize(got);
  return data;
}

inline void WriteBytes(int fd, std::string_view data) { mpop::testing::SendAll(fd, data); }

// Echoes everything until the client half-closes, then closes.
inline void Echo(UniqueFd fd) {
  char buffer[65536];
  for (;;) {
    ssize_t r = ::recv(fd.get(), buffer, sizeof buffer, 0);
    if (r <= 0) return;
    WriteBytes(fd.get(), {buffer, static_cast<std::size_t>(r)});
  }
}

// Waits until the client closes its side, reading and discarding, never writing.
inline void Silent(UniqueFd fd) {
  while (!ReadBytes(fd.get(), 1).empty()) {
  }
}

// A port on 127.0.0.1 that refuses connections: bound but not listening, and held for
// the object's lifetime so nothing else can take it.
class RefusingPort {
 public:
  RefusingPort() : fd_(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::bind(fd_.get(), reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    socklen_t length = sizeof address;
    ::getsockname(fd_.get(), reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
  }
  int port() const { return port_; }

 private:
  UniqueFd fd_;
  int port_ = 0;
};

// Accepts one TCP connection on address (port 0) and runs session on it in a thread.
class TcpServer {
 public:
  explicit TcpServer(Session session, const std::string& address = "127.0.0.1") {
    auto listener = Listener::Open(address, 0);
    if (!listener) {
      error_ = listener.error().message;
      return;
    }
    port_ = listener->port();
    thread_ = std::thread([l = std::move(*listener), session]() mutable {
      auto accepted = l.Accept(std::chrono::seconds(10));
      if (accepted && *accepted) session(std::move((*accepted)->fd));
    });
  }
  ~TcpServer() {
    if (thread_.joinable()) thread_.join();
  }
  TcpServer(const TcpServer&) = delete;
  TcpServer& operator=(const TcpServer&) = delete;

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  int port() const { return port_; }

 private:
  std::string error_;
  int port_ = 0;
  std::thread thread_;
};

// Accepts one connection on a unix socket at path and runs session on it in a thread.
class UnixServer {
 public:
  UnixServer(const std::string& path, Session session) {
    auto listener = mpop::testing::ListenUnix(path);
    if (!listener) {
      ADD_FAILURE() << "cannot listen on " << path << ": " << listener.error().message;
      return;
    }
    thread_ = std::thread([l = std::move(*listener), session]() {
      pollfd pfd{l.get(), POLLIN, 0};
      if (::poll(&pfd, 1, 10000) != 1) return;  // the client never came: a test failed
      UniqueFd fd(::accept(l.get(), nullptr, nullptr));
      if (fd) session(std::move(fd));
    });
  }
  ~UnixServer() {
    if (thread_.joinable()) thread_.join();
  }
  UnixServer(const UnixServer&) = delete;
  UnixServer& operator=(const UnixServer&) = delete;

 private:
  std::thread thread_;
};

}  // namespace mpop::net::testing
