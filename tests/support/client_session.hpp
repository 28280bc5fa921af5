#pragma once
// ClientSession: what the client core's unit tests need to drive a session stage (Login,
// RunMailboxStage) against ScriptedServer over a FakeTransport, without the network: an
// account retrieving into a fresh maildir, quiet run options, and the SessionContext
// tying them together. A test changes `account` before calling Context().

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "client/session_context.hpp"
#include "pop3/greeting.hpp"
#include "pop3/session.hpp"
#include "support/fake_transport.hpp"
#include "support/scripted_server.hpp"
#include "support/temp_dir.hpp"

namespace mpop::testing {

class ClientSession {
 public:
  ClientSession();

  // Connects a pop3::Session to the server through a new FakeTransport and reads the
  // greeting into `greeting`.
  pop3::Session& Connect(bool pipelining = true);
  client::SessionContext Context();

  std::string maildir() const { return dir.path().string() + "/Mail"; }
  // Files in the maildir's new/ (delivered and published mails).
  std::vector<std::string> Delivered() const;
  std::string Uidls() const;

  ScopedTempDir dir;
  ScriptedServer server;
  config::Account account;
  client::RunOptions options;
  std::unique_ptr<FakeTransport> transport;
  pop3::Greeting greeting;
  // The batching's clock in Context(); empty: the real one.
  std::function<std::chrono::steady_clock::time_point()> clock;

 private:
  client::ConsoleLock console_;
  client::AccountOutput out_{console_, true};
  client::StopController stop_;
  client::LocalIdentity identity_{"client.example", "joe"};
  delivery::DeliverySequence sequence_;
  std::unique_ptr<pop3::Session> session_;
};

}  // namespace mpop::testing
