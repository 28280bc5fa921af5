#include "client/header_filter.hpp"

#include <gtest/gtest.h>
#include <signal.h>

#include <memory>
#include <string>
#include <vector>

#include "support/fake_transport.hpp"
#include "support/scripted_server.hpp"
#include "support/temp_dir.hpp"

namespace mpop::client {
namespace {

using ::mpop::testing::FakeTransport;
using ::mpop::testing::ReadFile;
using ::mpop::testing::ScopedTempDir;
using ::mpop::testing::ScriptedServer;

pop3::Capabilities WithTop() {
  pop3::Capabilities capabilities;
  capabilities.capa_supported = true;
  capabilities.top = true;
  return capabilities;
}

// Mails with UIDs "1", "2", ...
std::vector<ScriptedServer::Mail> Mails(const std::vector<std::string>& bodies) {
  std::vector<ScriptedServer::Mail> mails;
  for (const std::string& body : bodies) {
    mails.push_back({std::to_string(mails.size() + 1), body, std::nullopt});
  }
  return mails;
}

class HeaderFilterTest : public ::testing::Test {
 protected:
  void Start(bool pipelining) {
    transport_ = std::make_unique<FakeTransport>();
    transport_->ServerSends(server_.Greeting());
    transport_->set_responder(server_.Responder());
    session_ =
        std::make_unique<pop3::Session>(*transport_, pop3::SessionOptions{pipelining, nullptr});
    ASSERT_TRUE(session_->ReadGreeting());
    ASSERT_TRUE(session_->UserPass("joe", "secret"));
  }

  std::vector<FilterCandidate> AllMails() const {
    std::vector<FilterCandidate> candidates;
    for (std::size_t i = 0; i < server_.mails.size(); ++i) {
      candidates.push_back(
          {static_cast<long>(i + 1), ScriptedServer::WireSize(server_.mails[i].body)});
    }
    return candidates;
  }

  Result<std::vector<FilterDecision>> Run(const std::string& command) {
    return RunHeaderFilter(*session_, command, AllMails(), capabilities_);
  }

  std::size_t TopCommands() const {
    std::size_t n = 0;
    for (const std::string& line : transport_->commands()) n += line.rfind("TOP ", 0) == 0;
    return n;
  }

  ScopedTempDir dir_;
  ScriptedServer server_;
  pop3::Capabilities capabilities_ = WithTop();
  std::unique_ptr<FakeTransport> transport_;
  std::unique_ptr<pop3::Session> session_;
};

// The filter exits with the number in the mail's "X-Exit:" header.
constexpr char kExitFromHeader[] = "exit $(sed -n 's/^X-Exit: //p')";

TEST_F(HeaderFilterTest, ExitStatusDecides) {
  for (bool pipelining : {false, true}) {
    server_.mails = Mails({"X-Exit: 0\nSubject: keep\n\nbody\n", "X-Exit: 1\n\nspam\n",
                           "X-Exit: 2\n\nlater\n", "Subject: no header\n\nX-Exit: 1\n"});
    Start(pipelining);
    auto decisions = Run(kExitFromHeader);
    ASSERT_TRUE(decisions) << decisions.error().message;
    EXPECT_EQ(*decisions,
              (std::vector<FilterDecision>{FilterDecision::kRetrieve, FilterDecision::kDelete,
                                           FilterDecision::kSkip, FilterDecision::kRetrieve}));
    EXPECT_EQ(TopCommands(), 4u);
    if (pipelining) {
      EXPECT_GT(transport_->max_commands_in_flight(), 1u);
    }
    // Nothing was retrieved or deleted.
    for (const std::string& line : transport_->commands()) {
      EXPECT_NE(line.substr(0, 4), "RETR");
      EXPECT_NE(line.substr(0, 4), "DELE");
    }
  }
}

TEST_F(HeaderFilterTest, FilterGetsHeaderAndBlankLineOnly) {
  server_.mails = Mails({"Subject: one\nX: .dot\n\nbody line\n"});
  Start(true);
  const std::string out = dir_.File("out");
  ASSERT_TRUE(Run("cat > " + out));
  EXPECT_EQ(ReadFile(out), "Subject: one\nX: .dot\n\n");
}

TEST_F(HeaderFilterTest, SenderAndSizeAreReplaced) {
  server_.mails =
      Mails({"Return-Path: <joe@example.org>\n\nbody\n", "Sender: Ann <ann@example.org>\n\n",
             "Return-Path: <$(touch pwned)`touch pwned`'@y>\n\n", "Subject: none\n\n"});
  Start(true);
  const std::string log = dir_.File("log");
  // Run in dir_, where a "touch pwned" that ran would leave its file.
  auto decisions =
      Run("cd " + dir_.path().string() + " && printf '%s %s\\n' '%F' '%S' >> log; cat >/dev/null");
  ASSERT_TRUE(decisions) << decisions.error().message;
  EXPECT_EQ(ReadFile(log),
            "joe@example.org 40\n"  // LIST sizes count CRLF
            "ann@example.org 33\n"
            "__touch-pwned__@y 49\n"
            "MAILER-DAEMON 17\n");
  EXPECT_FALSE(std::filesystem::exists(dir_.File("pwned")));
}

TEST_F(HeaderFilterTest, ExitThreeOrMoreOrASignalIsAnError) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"cat >/dev/null; exit 3", "exit status 3"},
      {"cat >/dev/null; exit 75", "exit status 75 (EX_TEMPFAIL: temporary failure)"},
      {"cat >/dev/null; exit 255", "exit status 255"},
      {"kill -9 $$", "killed by signal 9 (Killed)"},
  };
  for (const auto& [command, why] : cases) {
    server_.mails = Mails({"A: b\n\n", "A: b\n\n"});
    Start(false);
    auto decisions = Run(command);
    ASSERT_FALSE(decisions) << command;
    EXPECT_EQ(decisions.error().code, ExitCode::kIoErr);
    EXPECT_EQ(decisions.error().message, "filter '" + command + "' failed for message 1: " + why);
    EXPECT_EQ(TopCommands(), 1u);  // not pipelined: stopped at the first
  }
}

TEST_F(HeaderFilterTest, FilterThatDoesNotReadIsJudgedByItsExitStatus) {
  struct sigaction dfl = {}, old = {};
  dfl.sa_handler = SIG_DFL;
  sigaction(SIGPIPE, &dfl, &old);  // a SIGPIPE must not reach us even so
  std::string big_header;
  for (int i = 0; i < 20000; ++i) big_header += "X-Filler-" + std::to_string(i) + ": yes\n";
  server_.mails =
      Mails({big_header + "\nbody\n", big_header + "\nbody\n", big_header + "\nbody\n"});
  Start(true);
  auto decisions = RunHeaderFilter(*session_, "exit 1", AllMails(), capabilities_);
  ASSERT_TRUE(decisions) << decisions.error().message;
  EXPECT_EQ(*decisions, std::vector<FilterDecision>(3, FilterDecision::kDelete));
  // With %F the filter starts after the whole header was read, and may still not read.
  auto with_sender = RunHeaderFilter(*session_, "exit 2 # %F", AllMails(), capabilities_);
  sigaction(SIGPIPE, &old, nullptr);
  ASSERT_TRUE(with_sender) << with_sender.error().message;
  EXPECT_EQ(*with_sender, std::vector<FilterDecision>(3, FilterDecision::kSkip));
}

TEST_F(HeaderFilterTest, ServerWithoutTop) {
  server_.mails = Mails({"A: b\n\n"});
  Start(false);
  capabilities_.top = false;
  auto decisions = Run("exit 0");
  ASSERT_FALSE(decisions);
  EXPECT_EQ(decisions.error().code, ExitCode::kUnavailable);
  EXPECT_EQ(decisions.error().message,
            "the POP3 server does not support the TOP command, which the filter needs");
  EXPECT_EQ(TopCommands(), 0u);
  // Without CAPA, TOP is tried.
  capabilities_ = pop3::Capabilities();
  EXPECT_TRUE(Run("exit 0"));
}

TEST_F(HeaderFilterTest, TopRejected) {
  server_.mails = Mails({"A: b\n\n"});
  server_.overrides["TOP 1 0"] = "-ERR no TOP here\r\n";
  Start(false);
  auto decisions = Run("exit 0");
  ASSERT_FALSE(decisions);
  EXPECT_EQ(decisions.error().code, ExitCode::kProtocol);
  EXPECT_EQ(decisions.error().message, "POP3 server rejected TOP 1 0: \"-ERR no TOP here\"");
}

TEST_F(HeaderFilterTest, NoCandidatesSendsNothing) {
  Start(false);
  auto decisions = RunHeaderFilter(*session_, "exit 3", {}, capabilities_);
  ASSERT_TRUE(decisions);
  EXPECT_TRUE(decisions->empty());
  EXPECT_EQ(TopCommands(), 0u);
}

}  // namespace
}  // namespace mpop::client
