#include "pop3/session.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/fake_transport.hpp"
#include "support/scripted_server.hpp"

namespace mpop::pop3 {
namespace {

using mpop::testing::FakeTransport;
using mpop::testing::ScriptedServer;

class BodyHandler : public ReplyHandler {
 public:
  Status OnReply(const Reply& reply) override {
    if (!reply.ok) return ReplyError(reply, "POP3 server rejected RETR", ExitCode::kProtocol);
    return {};
  }
  Status OnData(std::string_view chunk) override {
    body += chunk;
    return {};
  }
  std::string body;
};

class SessionTest : public ::testing::Test {
 protected:
  void Start(bool pipelining = false, FakeTransport::Options options = {}) {
    transport_ = std::make_unique<FakeTransport>(options);
    transport_->ServerSends(server_.Greeting());
    transport_->set_responder(server_.Responder());
    session_ = std::make_unique<Session>(*transport_, SessionOptions{pipelining, nullptr});
  }
  void StartAuthenticated(bool pipelining = false, FakeTransport::Options options = {}) {
    Start(pipelining, options);
    ASSERT_TRUE(session_->ReadGreeting().has_value());
    ASSERT_TRUE(session_->UserPass("joe", "secret").has_value());
  }
  // Expects a failed result with exactly this error.
  template <class T>
  void ExpectError(const Result<T>& result, const Error& error) {
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error(), error);
  }

  ScriptedServer server_;
  std::unique_ptr<FakeTransport> transport_;
  std::unique_ptr<Session> session_;
};

TEST_F(SessionTest, Greeting) {
  Start();
  Result<Greeting> greeting = session_->ReadGreeting();
  ASSERT_TRUE(greeting.has_value());
  EXPECT_EQ(greeting->text, "POP3 ready <1896.697170952@dbc.mtview.ca.us>");
  EXPECT_EQ(greeting->apop_timestamp, "<1896.697170952@dbc.mtview.ca.us>");
}

TEST_F(SessionTest, NegativeGreeting) {
  transport_ = std::make_unique<FakeTransport>();
  transport_->ServerSends("-ERR [IN-USE] mailbox locked\r\n");
  session_ = std::make_unique<Session>(*transport_, SessionOptions{});
  ExpectError(session_->ReadGreeting(),
              Error{ExitCode::kTempFail,
                    "POP3 server refused the session: \"-ERR [IN-USE] mailbox locked\" (the "
                    "mailbox is in use by another POP3 session; try later)",
                    "-ERR [IN-USE] mailbox locked"});
}

TEST_F(SessionTest, Capa) {
  server_.capabilities = {"TOP", "PIPELINING", "SASL plain XOAUTH2", "IMPLEMENTATION test"};
  Start();
  ASSERT_TRUE(session_->ReadGreeting().has_value());
  Result<Capabilities> caps = session_->Capa();
  ASSERT_TRUE(caps.has_value());
  EXPECT_TRUE(caps->capa_supported);
  EXPECT_TRUE(caps->top);
  EXPECT_TRUE(caps->pipelining);
  EXPECT_FALSE(caps->uidl);
  EXPECT_EQ(caps->sasl_mechanisms, (std::vector<std::string>{"PLAIN", "XOAUTH2"}));
  EXPECT_EQ(caps->implementation, "test");
}

TEST_F(SessionTest, CapaUnsupported) {
  server_.capa_supported = false;
  Start();
  ASSERT_TRUE(session_->ReadGreeting().has_value());
  Result<Capabilities> caps = session_->Capa();
  ASSERT_TRUE(caps.has_value());
  EXPECT_EQ(*caps, Capabilities());
}

TEST_F(SessionTest, CapaWithHundredsOfLinesIsReadToTheEnd) {
  server_.capabilities.assign(500, "X-FILLER");
  server_.capabilities.push_back("UIDL");
  Start();
  ASSERT_TRUE(session_->ReadGreeting().has_value());
  Result<Capabilities> caps = session_->Capa();
  ASSERT_TRUE(caps.has_value());
  EXPECT_FALSE(caps->uidl);  // beyond the first 50 lines
  // The session is still in step: the next reply is STAT's.
  ASSERT_TRUE(session_->UserPass("joe", "secret").has_value());
  EXPECT_TRUE(session_->Stat().has_value());
}

TEST_F(SessionTest, CapaWithOverlongLine) {
  server_.capabilities = {std::string(9000, 'X')};
  Start();
  ASSERT_TRUE(session_->ReadGreeting().has_value());
  ExpectError(session_->Capa(),
              Error::Protocol("POP3 server sent a line longer than 8190 bytes in its reply "
                              "to CAPA"));
}

TEST_F(SessionTest, UserPassPipelined) {
  Start(true);
  ASSERT_TRUE(session_->ReadGreeting().has_value());
  ASSERT_TRUE(session_->UserPass("joe", "secret").has_value());
  EXPECT_EQ(transport_->written(), "USER joe\r\nPASS secret\r\n");
  EXPECT_EQ(transport_->max_commands_in_flight(), 2u);
}

TEST_F(SessionTest, RejectedUserStopsBeforePassWithoutPipelining) {
  server_.overrides["USER joe"] = "-ERR unknown user\r\n";
  Start(false);
  ASSERT_TRUE(session_->ReadGreeting().has_value());
  ExpectError(session_->UserPass("joe", "secret"),
              Error{ExitCode::kNoPerm, "POP3 server rejected USER: \"-ERR unknown user\"",
                    "-ERR unknown user"});
  EXPECT_EQ(transport_->written(), "USER joe\r\n");
}

TEST_F(SessionTest, RejectedPassWithEachResponseCode) {
  const std::pair<std::string, ExitCode> cases[] = {
      {"-ERR wrong", ExitCode::kNoPerm},
      {"-ERR [AUTH] wrong", ExitCode::kNoPerm},
      {"-ERR [LOGIN-DELAY] too soon", ExitCode::kTempFail},
      {"-ERR [IN-USE] busy", ExitCode::kTempFail},
      {"-ERR [SYS/TEMP] later", ExitCode::kTempFail},
      {"-ERR [SYS/PERM] never", ExitCode::kUnavailable},
  };
  for (const auto& [line, code] : cases) {
    SCOPED_TRACE(line);
    server_.overrides["PASS secret"] = line + "\r\n";
    Start(true);
    ASSERT_TRUE(session_->ReadGreeting().has_value());
    Status status = session_->UserPass("joe", "secret");
    ASSERT_FALSE(status.has_value());
    EXPECT_EQ(status.error().code, code);
    EXPECT_EQ(status.error().server_message, line);
    EXPECT_EQ(status.error().message.substr(0, 28 + line.size()),
              "POP3 server rejected PASS: \"" + line);
  }
}

TEST_F(SessionTest, UserNameWithLineBreakIsRefused) {
  Start(true);
  ASSERT_TRUE(session_->ReadGreeting().has_value());
  Status status = session_->UserPass("joe\r\nDELE 1", "secret");
  ASSERT_FALSE(status.has_value());
  EXPECT_EQ(status.error().code, ExitCode::kDataErr);
  EXPECT_EQ(transport_->written(), "");
}

TEST_F(SessionTest, Apop) {
  Start();
  ASSERT_TRUE(session_->ReadGreeting().has_value());
  ASSERT_TRUE(session_->Apop("joe", "c4c9334bac560ecc979e58001b3e22fb").has_value());
  EXPECT_EQ(transport_->written(), "APOP joe c4c9334bac560ecc979e58001b3e22fb\r\n");
  server_.overrides["APOP joe x"] = "-ERR [AUTH] bad digest\r\n";
  Status status = session_->Apop("joe", "x");
  ASSERT_FALSE(status.has_value());
  EXPECT_EQ(status.error().code, ExitCode::kNoPerm);
}

TEST_F(SessionTest, ExchangeForSasl) {
  server_.overrides["AUTH PLAIN"] = "+ \r\n";
  server_.overrides["AGpvZQBzZWNyZXQ="] = "+OK welcome\r\n";
  server_.overrides["AUTH XOAUTH2"] = "-ERR [AUTH] no\r\n";
  Start();
  ASSERT_TRUE(session_->ReadGreeting().has_value());
  Result<Reply> challenge = session_->Exchange("AUTH PLAIN");
  ASSERT_TRUE(challenge.has_value());
  EXPECT_TRUE(challenge->ok);
  EXPECT_TRUE(challenge->continuation);
  EXPECT_EQ(challenge->text, "");
  Result<Reply> done = session_->Exchange("AGpvZQBzZWNyZXQ=");
  ASSERT_TRUE(done.has_value());
  EXPECT_TRUE(done->ok);
  EXPECT_FALSE(done->continuation);
  Result<Reply> refused = session_->Exchange("AUTH XOAUTH2");
  ASSERT_TRUE(refused.has_value());
  EXPECT_FALSE(refused->ok);
  EXPECT_EQ(refused->response_code, "AUTH");
  EXPECT_EQ(transport_->written(), "AUTH PLAIN\r\nAGpvZQBzZWNyZXQ=\r\nAUTH XOAUTH2\r\n");
}

TEST_F(SessionTest, Stls) {
  Start();
  ASSERT_TRUE(session_->ReadGreeting().has_value());
  EXPECT_TRUE(session_->Stls().has_value());
}

TEST_F(SessionTest, StlsRefusesInjectedData) {
  server_.overrides["STLS"] = "+OK begin TLS\r\n-ERR injected\r\n";
  Start();
  ASSERT_TRUE(session_->ReadGreeting().has_value());
  ExpectError(session_->Stls(),
              Error::Protocol("command STLS failed: the POP3 server sent data after its reply "
                              "to STLS (possibly injected by an attacker)"));
}

TEST_F(SessionTest, StlsRefusesDataBufferedInTheTransport) {
  Start();
  ASSERT_TRUE(session_->ReadGreeting().has_value());
  transport_->set_buffered(1);
  ExpectError(session_->Stls(),
              Error::Protocol("command STLS failed: the POP3 server sent data after its reply "
                              "to STLS (possibly injected by an attacker)"));
}

TEST_F(SessionTest, StlsRejected) {
  server_.overrides["STLS"] = "-ERR not now\r\n";
  Start();
  ASSERT_TRUE(session_->ReadGreeting().has_value());
  ExpectError(
      session_->Stls(),
      Error{ExitCode::kProtocol, "POP3 server rejected STLS: \"-ERR not now\"", "-ERR not now"});
}

TEST_F(SessionTest, StatListUidl) {
  std::string long_uid(100, 'u');
  server_.mails = {{"uid-1", "Subject: a\n\nhello\n", {}},
                   {"dir/../x", "Subject: b\n\n.dot\n", {}},
                   {long_uid, "x\n", {}}};
  StartAuthenticated(true);
  Result<MailboxStat> stat = session_->Stat();
  ASSERT_TRUE(stat.has_value());
  EXPECT_EQ(*stat, (MailboxStat{3, 21 + 20 + 3}));
  Result<Scan> scan = session_->ListAndUidl(3, true);
  ASSERT_TRUE(scan.has_value()) << scan.error().message;
  EXPECT_EQ(scan->sizes, (std::vector<std::uint64_t>{21, 20, 3}));
  ASSERT_TRUE(scan->uids.has_value());
  EXPECT_EQ(scan->uids->uids, (std::vector<std::string>{"uid-1", "dir/../x", long_uid}));
  // LIST and UIDL went out together.
  EXPECT_NE(transport_->written().find("LIST\r\nUIDL\r\n"), std::string::npos);
  Result<std::vector<std::uint64_t>> sizes = session_->List(3);
  ASSERT_TRUE(sizes.has_value());
  EXPECT_EQ(*sizes, scan->sizes);
  Result<std::optional<UidList>> uids = session_->Uidl(3);
  ASSERT_TRUE(uids.has_value());
  EXPECT_EQ(*uids, scan->uids);
}

TEST_F(SessionTest, StatListAndUidlGoInOneRoundTripWhenPipelining) {
  server_.mails = {{"uid-1", "From: a\n\nhello\n", {}}, {"uid-2", "x\n", {}}};
  StartAuthenticated(true);
  std::size_t written = transport_->written().size();
  auto result = session_->StatAndScan(true);
  ASSERT_TRUE(result.has_value()) << result.error().message;
  EXPECT_EQ(result->first.count, 2);
  EXPECT_EQ(result->second.sizes.size(), 2u);
  ASSERT_TRUE(result->second.uids.has_value());
  EXPECT_EQ(result->second.uids->uids, (std::vector<std::string>{"uid-1", "uid-2"}));
  EXPECT_EQ(transport_->written().substr(written), "STAT\r\nLIST\r\nUIDL\r\n");
}

TEST_F(SessionTest, ScanRightAfterLoginRidesWithPass) {
  server_.mails = {{"uid-1", "From: a\n\nhello\n", {}}, {"uid-2", "x\n", {}}};
  Start(true);
  ASSERT_TRUE(session_->ReadGreeting().has_value());
  session_->ScanRightAfterLogin(true);
  ASSERT_TRUE(session_->UserPass("joe", "secret").has_value());
  EXPECT_EQ(transport_->written(), "USER joe\r\nPASS secret\r\nSTAT\r\nLIST\r\nUIDL\r\n");
  EXPECT_EQ(transport_->max_commands_in_flight(), 5u);
  auto result = session_->StatAndScan(true);
  ASSERT_TRUE(result.has_value()) << result.error().message;
  EXPECT_EQ(result->first.count, 2);
  EXPECT_EQ(result->second.sizes.size(), 2u);
  ASSERT_TRUE(result->second.uids.has_value());
  EXPECT_EQ(result->second.uids->uids, (std::vector<std::string>{"uid-1", "uid-2"}));
  // Nothing more was sent for the scan.
  EXPECT_EQ(transport_->written(), "USER joe\r\nPASS secret\r\nSTAT\r\nLIST\r\nUIDL\r\n");
}

TEST_F(SessionTest, ScanRightAfterLoginKeepsTheRejectedPassAsTheError) {
  server_.overrides["PASS secret"] = "-ERR [AUTH] wrong password\r\n";
  server_.overrides["STAT"] = "-ERR not authenticated\r\n";
  server_.overrides["LIST"] = "-ERR not authenticated\r\n";
  Start(true);
  ASSERT_TRUE(session_->ReadGreeting().has_value());
  session_->ScanRightAfterLogin(false);
  Status status = session_->UserPass("joe", "secret");
  ASSERT_FALSE(status.has_value());
  EXPECT_EQ(status.error().code, ExitCode::kNoPerm);
  EXPECT_EQ(status.error().server_message, "-ERR [AUTH] wrong password");
  EXPECT_TRUE(status.error().message.starts_with("POP3 server rejected PASS: "))
      << status.error().message;
  EXPECT_EQ(transport_->written(), "USER joe\r\nPASS secret\r\nSTAT\r\nLIST\r\n");
}

TEST_F(SessionTest, ScanRightAfterLoginNeedsPipelining) {
  server_.mails = {{"uid-1", "x\n", {}}};
  Start(false);
  ASSERT_TRUE(session_->ReadGreeting().has_value());
  session_->ScanRightAfterLogin(true);
  ASSERT_TRUE(session_->UserPass("joe", "secret").has_value());
  EXPECT_EQ(transport_->written(), "USER joe\r\nPASS secret\r\n");
  auto result = session_->StatAndScan(true);
  ASSERT_TRUE(result.has_value()) << result.error().message;
  EXPECT_EQ(result->first.count, 1);
  EXPECT_EQ(transport_->written(), "USER joe\r\nPASS secret\r\nSTAT\r\nLIST\r\nUIDL\r\n");
}

TEST_F(SessionTest, StatAndScanOfAnEmptyMailbox) {
  for (bool pipelining : {false, true}) {
    SCOPED_TRACE(pipelining);
    StartAuthenticated(pipelining);
    auto result = session_->StatAndScan(true);
    ASSERT_TRUE(result.has_value()) << result.error().message;
    EXPECT_EQ(result->first.count, 0);
    EXPECT_TRUE(result->second.sizes.empty());
  }
}

TEST_F(SessionTest, StatAndScanWithoutPipeliningWaitsForStat) {
  server_.mails = {{"a", "a\n", {}}};
  StartAuthenticated(false);
  auto result = session_->StatAndScan(false);
  ASSERT_TRUE(result.has_value()) << result.error().message;
  EXPECT_EQ(result->second.sizes, std::vector<std::uint64_t>{3});
  EXPECT_FALSE(result->second.uids.has_value());
}

TEST_F(SessionTest, EmptyMailboxSendsNoListing) {
  StartAuthenticated();
  Result<MailboxStat> stat = session_->Stat();
  ASSERT_TRUE(stat.has_value());
  EXPECT_EQ(stat->count, 0);
  std::size_t written = transport_->written().size();
  Result<Scan> scan = session_->ListAndUidl(0, true);
  ASSERT_TRUE(scan.has_value());
  EXPECT_EQ(*scan, (Scan{{}, UidList()}));
  EXPECT_EQ(transport_->written().size(), written);
}

TEST_F(SessionTest, DuplicateUidsAreReported) {
  server_.mails = {{"same", "a\n", {}}, {"other", "b\n", {}}, {"same", "c\n", {}}};
  StartAuthenticated();
  Result<std::optional<UidList>> uids = session_->Uidl(3);
  ASSERT_TRUE(uids.has_value());
  ASSERT_TRUE(uids->has_value());
  EXPECT_TRUE((*uids)->has_duplicates);
  EXPECT_EQ((*uids)->duplicate, (std::vector<bool>{true, false, true}));
}

TEST_F(SessionTest, UidlRejectedIsTolerated) {
  server_.mails = {{"a", "a\n", {}}};
  server_.overrides["UIDL"] = "-ERR no UIDL here\r\n";
  StartAuthenticated(true);
  Result<Scan> scan = session_->ListAndUidl(1, true);
  ASSERT_TRUE(scan.has_value());
  EXPECT_EQ(scan->sizes, std::vector<std::uint64_t>{3});
  EXPECT_FALSE(scan->uids.has_value());
}

struct BadReplyCase {
  std::string command;
  std::string reply;
  Error error;
};

TEST_F(SessionTest, BadListingReplies) {
  const BadReplyCase cases[] = {
      {"STAT", "-ERR no\r\n",
       Error{ExitCode::kProtocol, "POP3 server rejected STAT: \"-ERR no\"", "-ERR no"}},
      {"STAT", "+OK garbage\r\n",
       Error::Protocol("POP3 server sent an invalid STAT reply: \"garbage\"")},
      {"STAT", "+OK -2 100\r\n",
       Error::Protocol("POP3 server sent an invalid STAT reply: \"-2 100\"")},
      {"STAT", "+OK 2000000 100\r\n",
       Error::Protocol("POP3 server reports 2000000 messages; more than 1000000 are not "
                       "supported")},
      {"LIST", "-ERR no\r\n",
       Error{ExitCode::kProtocol, "POP3 server rejected LIST: \"-ERR no\"", "-ERR no"}},
      {"LIST", "+OK\r\n1 3\r\n3 3\r\n.\r\n",
       Error::Protocol("POP3 server listed nonexistent message 3 (the mailbox has 2) in its "
                       "LIST reply: \"3 3\"")},
      {"LIST", "+OK\r\n1 3\r\n-2 3\r\n.\r\n",
       Error::Protocol("POP3 server sent an invalid LIST line: \"-2 3\"")},
      {"LIST", "+OK\r\n1 3\r\n1 3\r\n.\r\n",
       Error::Protocol("POP3 server listed message 1 twice in its LIST reply")},
      {"LIST", "+OK\r\n1 3\r\n.\r\n",
       Error::Protocol("POP3 server did not list message 2 in its LIST reply")},
      {"UIDL", "+OK\r\n1 a\r\n2 b\tc\r\n.\r\n",
       Error::Protocol("POP3 server sent an invalid UIDL line: \"2 b?c\"")},
      {"UIDL", "+OK\r\n1 a\r\n2 b\r\n2 c\r\n.\r\n",
       Error::Protocol("POP3 server listed message 2 twice in its UIDL reply")},
      {"UIDL", "+OK\r\n1 a\r\n2 " + std::string(9000, 'u') + "\r\n.\r\n",
       Error::Protocol("POP3 server sent a line longer than 8190 bytes in its reply to UIDL")},
  };
  for (const BadReplyCase& c : cases) {
    SCOPED_TRACE(c.command + " " + c.reply);
    server_ = ScriptedServer();
    server_.mails = {{"a", "a\n", {}}, {"b", "b\n", {}}};
    server_.overrides[c.command] = c.reply;
    StartAuthenticated();
    if (c.command == "STAT") {
      ExpectError(session_->Stat(), c.error);
    } else if (c.command == "LIST") {
      ExpectError(session_->List(2), c.error);
    } else {
      ExpectError(session_->Uidl(2), c.error);
    }
  }
}

TEST_F(SessionTest, RetrieveDeleteQuit) {
  server_.mails = {{"a", "Subject: a\n\n.hidden dot\nbody\n", {}},
                   // LIST sizes that lie do not matter: the body is read to the dot.
                   {"b", "Subject: b\n\nshort\n", 5},
                   {"c", "Subject: c\n\n" + std::string(20000, 'z') + "\n", 1000000}};
  for (bool pipelining : {false, true}) {
    server_.deleted.clear();
    StartAuthenticated(pipelining);
    BodyHandler handlers[3];
    for (int i = 0; i < 3; ++i) ASSERT_TRUE(session_->QueueRetr(i + 1, handlers[i]).has_value());
    ASSERT_TRUE(session_->Run().has_value());
    for (int i = 0; i < 3; ++i) EXPECT_EQ(handlers[i].body, server_.mails[i].body);
    for (int i = 1; i <= 3; ++i) ASSERT_TRUE(session_->QueueDele(i).has_value());
    ASSERT_TRUE(session_->Run().has_value());
    EXPECT_EQ(server_.deleted, (std::set<long>{1, 2, 3}));
    EXPECT_TRUE(session_->Quit().has_value());
  }
}

TEST_F(SessionTest, WholeSessionInTrickles) {
  server_.mails = {{"u1", "Subject: a\n\n.dot\n\nend\n", {}}, {"u2", "b\n", {}}};
  for (std::size_t chunk : {1, 2, 3, 0}) {
    for (bool pipelining : {false, true}) {
      SCOPED_TRACE(::testing::Message() << "chunk " << chunk << " pipelining " << pipelining);
      server_.deleted.clear();
      FakeTransport::Options options;
      if (chunk != 0) options.read_chunk = options.write_chunk = chunk;
      Start(pipelining, options);
      Result<Greeting> greeting = session_->ReadGreeting();
      ASSERT_TRUE(greeting.has_value());
      EXPECT_EQ(greeting->apop_timestamp, server_.apop_timestamp);
      Result<Capabilities> caps = session_->Capa();
      ASSERT_TRUE(caps.has_value());
      EXPECT_TRUE(caps->pipelining);
      ASSERT_TRUE(session_->UserPass("joe", "secret").has_value());
      Result<MailboxStat> stat = session_->Stat();
      ASSERT_TRUE(stat.has_value());
      Result<Scan> scan = session_->ListAndUidl(stat->count, true);
      ASSERT_TRUE(scan.has_value());
      EXPECT_EQ(scan->uids->uids, (std::vector<std::string>{"u1", "u2"}));
      BodyHandler first, second;
      ASSERT_TRUE(session_->QueueRetr(1, first).has_value());
      ASSERT_TRUE(session_->QueueRetr(2, second).has_value());
      ASSERT_TRUE(session_->QueueDele(1).has_value());
      ASSERT_TRUE(session_->Run().has_value());
      EXPECT_EQ(first.body, server_.mails[0].body);
      EXPECT_EQ(second.body, server_.mails[1].body);
      EXPECT_TRUE(session_->Quit().has_value());
      EXPECT_EQ(server_.deleted, std::set<long>{1});
    }
  }
}

TEST_F(SessionTest, Top) {
  server_.mails = {{"a", "Subject: a\nFrom: b\n\nbody\n", {}}};
  StartAuthenticated();
  BodyHandler handler;
  ASSERT_TRUE(session_->QueueTop(1, 0, handler).has_value());
  ASSERT_TRUE(session_->Run().has_value());
  EXPECT_EQ(handler.body, "Subject: a\nFrom: b\n\n");
  EXPECT_NE(transport_->written().find("TOP 1 0\r\n"), std::string::npos);
}

TEST_F(SessionTest, DeleRejected) {
  server_.mails = {{"a", "a\n", {}}};
  server_.overrides["DELE 1"] = "-ERR [SYS/TEMP] cannot delete now\r\n";
  StartAuthenticated(true);
  ASSERT_TRUE(session_->QueueDele(1).has_value());
  ExpectError(session_->Run(),
              Error{ExitCode::kTempFail,
                    "POP3 server rejected DELE 1: \"-ERR [SYS/TEMP] cannot delete now\" "
                    "(temporary failure on the server; try later)",
                    "-ERR [SYS/TEMP] cannot delete now"});
}

TEST_F(SessionTest, RetrCutOffByEof) {
  server_.mails = {{"a", "a\n", {}}};
  server_.overrides["RETR 1"] = "+OK\r\nhalf a mail\r\n";
  StartAuthenticated();
  transport_->ServerCloses();
  BodyHandler handler;
  ASSERT_TRUE(session_->QueueRetr(1, handler).has_value());
  ExpectError(session_->Run(), Error::IoErr("POP3 server closed the connection unexpectedly"));
  EXPECT_EQ(handler.body, "half a mail\n");
}

TEST_F(SessionTest, ServerStopsAnswering) {
  server_.overrides["STAT"] = "";
  StartAuthenticated();
  ExpectError(session_->Stat(), Error::IoErr(std::string(mpop::testing::kFakeReadTimeout)));
}

TEST_F(SessionTest, QuitRejected) {
  server_.overrides["QUIT"] = "-ERR cannot commit\r\n";
  StartAuthenticated();
  ExpectError(session_->Quit(),
              Error{ExitCode::kProtocol, "POP3 server rejected QUIT: \"-ERR cannot commit\"",
                    "-ERR cannot commit"});
}

}  // namespace
}  // namespace mpop::pop3
