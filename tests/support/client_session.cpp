#include "support/client_session.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "support/mpop_runner.hpp"

namespace mpop::testing {

ClientSession::ClientSession() {
  MakeMaildir(maildir());
  account.name = "default";
  account.host = "pop.example";
  account.user = server.user;
  account.password = server.password;
  account.auth = "USER";
  account.timeout_seconds = 5;
  account.delivery = {delivery::FindDeliveryKind("maildir"), maildir()};
  account.uidls_file = dir.File("uidls");
  options.quiet = true;
}

pop3::Session& ClientSession::Connect(bool pipelining) {
  transport = std::make_unique<FakeTransport>();
  transport->ServerSends(server.Greeting());
  transport->set_responder(server.Responder());
  session_ = std::make_unique<pop3::Session>(*transport, pop3::SessionOptions{pipelining, nullptr});
  Result<pop3::Greeting> read = session_->ReadGreeting();
  EXPECT_TRUE(read) << read.error().message;
  if (read) greeting = std::move(*read);
  return *session_;
}

client::SessionContext ClientSession::Context() {
  client::SessionContext context{account, options, out_, stop_, identity_, &sequence_, 0};
  context.clock = clock;
  return context;
}

std::vector<std::string> ClientSession::Delivered() const { return FilesIn(maildir() + "/new"); }

std::string ClientSession::Uidls() const { return ReadFile(account.uidls_file); }

}  // namespace mpop::testing
