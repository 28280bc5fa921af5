#pragma once
// ScriptedServer: the one fake POP3 server of the tests. It serves a list of mails with
// STAT, UIDL, LIST (sizes as on the wire, with CRLF line ends), RETR, TOP, DELE, knows one
// user, and lets a test replace the reply to any exact command line (hostile-server
// cases). It runs behind a FakeTransport, or on a real socket through FakePop3Server:
//
//   ScriptedServer server;
//   server.mails = {{"uid1", "Subject: a\n\nbody\n"}};
//   FakeTransport transport;                    // in memory
//   transport.ServerSends(server.Greeting());
//   transport.set_responder(server.Responder());
//
//   FakePop3Server socket(server.Greeting(), server.SocketResponder());  // 127.0.0.1

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "support/fake_pop3_server.hpp"
#include "support/fake_transport.hpp"

namespace mpop::testing {

class ScriptedServer {
 public:
  struct Mail {
    std::string uid;
    std::string body;                          // LF or CRLF line ends; sent dot-stuffed with CRLF
    std::optional<std::uint64_t> listed_size;  // LIST and STAT size if it should lie
  };

  std::vector<Mail> mails;
  std::string user = "joe";
  std::string password = "secret";
  std::string greeting_text = "POP3 ready";  // the greeting before the timestamp
  std::string apop_timestamp = "<1896.697170952@dbc.mtview.ca.us>";  // empty: none
  bool capa_supported = true;
  std::vector<std::string> capabilities = {"TOP",        "UIDL", "USER",
                                           "PIPELINING", "STLS", "SASL PLAIN"};
  // What CAPA lists once logged in; none: the same as before.
  std::optional<std::vector<std::string>> capabilities_after_login;
  // Exact command line -> raw reply bytes, used instead of the normal answer.
  std::map<std::string, std::string> overrides;
  std::set<long> deleted;

  // "+OK POP3 ready <timestamp>\r\n": greeting_text, then the timestamp if any.
  std::string Greeting() const;
  // The reply to one command line.
  std::string Respond(std::string_view line);
  // A Responder calling Respond(); the server must outlive the transport's use.
  FakeTransport::Responder Responder();
  // The same for FakePop3Server: closes the connection after the reply to QUIT.
  FakePop3Server::Responder SocketResponder();
  // Respond() as a FakeReply (closing after QUIT), to build socket responders on.
  FakeReply Answer(std::string_view line);
  // Sets mails to one per body, with the given UIDs ("uid-1", ... for missing ones).
  void SetMails(const std::vector<std::string>& bodies, const std::vector<std::string>& uids = {});
  // Size of a mail as LIST reports it by default: the body with CRLF line ends (a bare LF
  // counts two octets, a CRLF stays two), plus the CRLF added to a last line without one.
  static std::uint64_t WireSize(std::string_view body);
  // The whole reply to RETR of body: "+OK message follows", the dot-stuffed body, ".".
  static std::string RetrReply(std::string_view body);

 private:
  std::optional<long> MessageNumber(std::string_view argument) const;
  bool authenticated_ = false;
  bool user_given_ = false;
};

}  // namespace mpop::testing
