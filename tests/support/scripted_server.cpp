#include "support/scripted_server.hpp"

#include <cstdlib>

#include "pop3/dot_decoder.hpp"

namespace mpop::testing {
namespace {

std::string Ok(std::string_view text = {}) {
  return text.empty() ? "+OK\r\n" : "+OK " + std::string(text) + "\r\n";
}

std::string Err(std::string_view text) { return "-ERR " + std::string(text) + "\r\n"; }

}  // namespace

std::string ScriptedServer::Greeting() const {
  return Ok(apop_timestamp.empty() ? greeting_text : greeting_text + " " + apop_timestamp);
}

FakeTransport::Responder ScriptedServer::Responder() {
  return [this](std::string_view line) { return Respond(line); };
}

FakePop3Server::Responder ScriptedServer::SocketResponder() {
  return [this](const std::string& line) { return Answer(line); };
}

FakeReply ScriptedServer::Answer(std::string_view line) {
  return FakeReply{.bytes = Respond(line), .close_after = line == "QUIT"};
}

void ScriptedServer::SetMails(const std::vector<std::string>& bodies,
                              const std::vector<std::string>& uids) {
  mails.clear();
  for (std::size_t i = 0; i < bodies.size(); ++i) {
    mails.push_back({i < uids.size() ? uids[i] : "uid-" + std::to_string(i + 1), bodies[i], {}});
  }
}

std::uint64_t ScriptedServer::WireSize(std::string_view body) {
  // What RETR sends between its status line and the final ".\r\n", less the dot-stuffing.
  std::uint64_t size = body.size();
  for (std::size_t i = 0; i < body.size(); ++i)
    size += body[i] == '\n' && (i == 0 || body[i - 1] != '\r');
  if (!body.empty() && body.back() != '\n') size += 2;
  return size;
}

std::string ScriptedServer::RetrReply(std::string_view body) {
  return Ok("message follows") + pop3::DotEncode(body);
}

std::optional<long> ScriptedServer::MessageNumber(std::string_view argument) const {
  std::string text(argument);
  char* end = nullptr;
  long number = std::strtol(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || number < 1 || number > static_cast<long>(mails.size()) ||
      deleted.count(number) > 0) {
    return std::nullopt;
  }
  return number;
}

std::string ScriptedServer::Respond(std::string_view line) {
  if (auto it = overrides.find(std::string(line)); it != overrides.end()) return it->second;
  std::string_view command = line.substr(0, line.find(' '));
  std::string_view argument = line.find(' ') == std::string_view::npos
                                  ? std::string_view()
                                  : line.substr(line.find(' ') + 1);
  if (command == "CAPA") {
    if (!capa_supported) return Err("unknown command");
    std::string reply = Ok("Capability list follows");
    const std::vector<std::string>& list =
        authenticated_ && capabilities_after_login ? *capabilities_after_login : capabilities;
    for (const std::string& capability : list) reply += capability + "\r\n";
    return reply + ".\r\n";
  }
  if (command == "QUIT") {
    authenticated_ = user_given_ = false;  // the next connection starts afresh
    return Ok("bye");
  }
  if (command == "NOOP") return Ok();
  if (command == "STLS") return Ok("begin TLS");
  if (command == "USER") {
    user_given_ = argument == user;
    return Ok();
  }
  if (command == "PASS") {
    authenticated_ = user_given_ && argument == password;
    return authenticated_ ? Ok("logged in") : Err("[AUTH] invalid login");
  }
  if (command == "APOP") {
    authenticated_ = argument.substr(0, argument.find(' ')) == user;
    return authenticated_ ? Ok("logged in") : Err("[AUTH] invalid login");
  }
  if (!authenticated_) return Err("not authenticated");
  if (command == "STAT") {
    std::uint64_t size = 0;
    long count = 0;
    for (std::size_t i = 0; i < mails.size(); ++i) {
      if (deleted.count(i + 1) > 0) continue;
      ++count;
      size += mails[i].listed_size.value_or(WireSize(mails[i].body));
    }
    return Ok(std::to_string(count) + " " + std::to_string(size));
  }
  if (command == "LIST" && !argument.empty()) {
    std::optional<long> number = MessageNumber(argument);
    if (!number) return Err("no such message");
    const Mail& mail = mails[*number - 1];
    return Ok(std::to_string(*number) + " " +
              std::to_string(mail.listed_size.value_or(WireSize(mail.body))));
  }
  if (command == "LIST" || command == "UIDL") {
    std::string reply = Ok();
    for (std::size_t i = 0; i < mails.size(); ++i) {
      if (deleted.count(i + 1) > 0) continue;
      std::string value =
          command == "UIDL"
              ? mails[i].uid
              : std::to_string(mails[i].listed_size.value_or(WireSize(mails[i].body)));
      reply += std::to_string(i + 1) + " " + value + "\r\n";
    }
    return reply + ".\r\n";
  }
  if (command == "RETR" || command == "TOP") {
    std::string_view number_text = argument.substr(0, argument.find(' '));
    std::optional<long> number = MessageNumber(number_text);
    if (!number) return Err("no such message");
    std::string body = mails[*number - 1].body;
    if (command == "TOP") {
      std::size_t header_end = body.find("\n\n");
      body = header_end == std::string::npos ? body : body.substr(0, header_end + 2);
    }
    return RetrReply(body);
  }
  if (command == "DELE") {
    std::optional<long> number = MessageNumber(argument);
    if (!number) return Err("no such message");
    deleted.insert(*number);
    return Ok("deleted");
  }
  return Err("unknown command");
}

}  // namespace mpop::testing
