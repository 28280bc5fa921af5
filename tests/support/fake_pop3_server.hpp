#pragma once
// FakePop3Server: a scripted POP3 server on 127.0.0.1 for end-to-end tests of the real
// mpop binary against servers that misbehave on purpose. It accepts connections one at a
// time on its own thread, sends the greeting, and answers each command line with what the
// test's Responder returns; it records every command it received. For a mailbox behind
// it, use ScriptedServer::SocketResponder() (support/scripted_server.hpp), and override
// single commands before falling back to ScriptedServer::Answer().

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "util/unique_fd.hpp"

namespace mpop::testing {

struct FakeReply {
  std::string bytes;         // sent as is (the test writes the CRLFs)
  bool close_after = false;  // close the connection after sending
  bool go_silent = false;    // send, then never answer again (read and ignore)
};

class FakePop3Server {
 public:
  using Responder = std::function<FakeReply(const std::string& command)>;

  FakePop3Server(std::string greeting, Responder responder);
  // Listens on a unix domain socket at socket_path instead of TCP (port() is then 0).
  FakePop3Server(std::string greeting, Responder responder, const std::string& socket_path);
  ~FakePop3Server();
  FakePop3Server(const FakePop3Server&) = delete;
  FakePop3Server& operator=(const FakePop3Server&) = delete;

  std::uint16_t port() const { return port_; }
  // Every command line received so far, without line end, over all connections.
  std::vector<std::string> commands() const;
  bool received(const std::string& command) const;

 private:
  void Start();
  void Serve();
  void ServeConnection(int fd);

  std::string greeting_;
  Responder responder_;
  UniqueFd listener_;
  std::uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  mutable std::mutex mutex_;
  std::vector<std::string> commands_;  // guarded by mutex_
  std::thread thread_;
};

}  // namespace mpop::testing
