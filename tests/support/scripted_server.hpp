#pragma once
// ScriptedServer: a small in-memory POP3 server to put behind a FakeTransport as its
// Responder. It serves a list of mails with UIDL, LIST, RETR, TOP, DELE, knows one user,
// and lets a test replace the reply to any exact command line (hostile-server cases).
//
//   ScriptedServer server;
//   server.mails = {{"uid1", "Subject: a\n\nbody\n"}};
//   FakeTransport transport;
//   transport.ServerSends(server.Greeting());
//   transport.set_responder(server.Responder());

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "support/fake_transport.hpp"

namespace mpop::testing {

class ScriptedServer {
 public:
  struct Mail {
    std::string uid;
    std::string body;                          // "\n" line ends; sent dot-stuffed with CRLF
    std::optional<std::uint64_t> listed_size;  // LIST size if it should lie
  };

  std::vector<Mail> mails;
  std::string user = "joe";
  std::string password = "secret";
  std::string apop_timestamp = "<1896.697170952@dbc.mtview.ca.us>";
  bool capa_supported = true;
  std::vector<std::string> capabilities = {"TOP",        "UIDL", "USER",
                                           "PIPELINING", "STLS", "SASL PLAIN"};
  // Exact command line -> raw reply bytes, used instead of the normal answer.
  std::map<std::string, std::string> overrides;
  std::set<long> deleted;

  // "+OK POP3 ready <timestamp>\r\n".
  std::string Greeting() const;
  // The reply to one command line.
  std::string Respond(std::string_view line);
  // A Responder calling Respond(); the server must outlive the transport's use.
  FakeTransport::Responder Responder();
  // Size of mail `number` as LIST reports it by default: the body with CRLF line ends.
  static std::uint64_t WireSize(std::string_view body);

 private:
  std::optional<long> MessageNumber(std::string_view argument) const;
  bool authenticated_ = false;
  bool user_given_ = false;
};

}  // namespace mpop::testing
