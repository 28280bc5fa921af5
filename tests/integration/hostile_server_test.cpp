// The real mpop binary against scripted servers that misbehave: each case must end in a
// clear error with the right exit code or a correct delivery; never a crash or a hang,
// never a partial mail in the maildir, never a QUIT (which would commit deletions) after
// something went wrong.

#include <gtest/gtest.h>

#include "support/fake_pop3_server.hpp"
#include "support/mail_factory.hpp"
#include "support/mpop_runner.hpp"
#include "support/scripted_server.hpp"
#include "support/temp_dir.hpp"

namespace mpop::testing {
namespace {

constexpr char kGreeting[] = "+OK fake POP3 server ready\r\n";

class HostileServerTest : public ::testing::Test {
 protected:
  HostileServerTest() : maildir_(home_.MakeMaildir("Mail")) {
    // CRLF line ends: the sizes on the wire are the sizes asked for (700 bytes, ...).
    mailbox_.SetMails({MakeMail({.seed = 1, .size = 700, .crlf = true}, 1),
                       MakeMail({.seed = 1, .size = 900, .crlf = true}, 2),
                       MakeMail({.seed = 1, .size = 400, .crlf = true}, 3)});
    mailbox_.capabilities = {"UIDL", "TOP", "USER", "PIPELINING"};
  }

  RunResult Fetch(const FakePop3Server& server, std::vector<std::string> args = {}) {
    home_.WriteConfig("account default\nhost 127.0.0.1\nport " + std::to_string(server.port()) +
                      "\nuser joe\npassword secret\nauth user\ntimeout 2\ndelivery maildir " +
                      maildir_ + "\n");
    args.push_back("-q");
    return home_.Run(args, std::chrono::seconds(30));
  }
  std::vector<std::string> Delivered() { return FilesIn(maildir_ + "/new"); }
  void ExpectNoPartialMail() { EXPECT_TRUE(FilesIn(maildir_ + "/tmp").empty()); }
  std::string Uidls() { return ReadFile(home_.home() + "/.mpop_uidls/joe_at_127.0.0.1"); }

  MpopHome home_;
  std::string maildir_;
  void SetUids(const std::vector<std::string>& uids) {
    for (std::size_t i = 0; i < uids.size(); ++i) mailbox_.mails[i].uid = uids[i];
  }

  ScriptedServer mailbox_;
};

TEST_F(HostileServerTest, WellBehavedServerForReference) {
  FakePop3Server server(kGreeting, mailbox_.SocketResponder());
  RunResult run = Fetch(server);
  ASSERT_TRUE(run.ok()) << run.Describe();
  ASSERT_EQ(Delivered().size(), 3u);
  EXPECT_TRUE(server.received("DELE 3"));
  EXPECT_TRUE(server.received("QUIT"));
}

TEST_F(HostileServerTest, GreetingWithoutLineEndThenEof) {
  // The greeting has no line end and the server closes at the first command.
  FakePop3Server closing("+OK no line end", [](const std::string&) { return FakeReply{"", true}; });
  RunResult run = Fetch(closing);
  EXPECT_EQ(run.exit_code, 74) << run.Describe();
  EXPECT_NE(run.err.find("mpop: "), std::string::npos);
  EXPECT_TRUE(Delivered().empty());
}

TEST_F(HostileServerTest, BareLineFeedsWork) {
  FakePop3Server server("+OK bare LF server\n", [&](const std::string& c) {
    FakeReply reply = mailbox_.Answer(c);
    std::string lf;
    for (std::size_t i = 0; i < reply.bytes.size(); ++i) {
      if (reply.bytes[i] == '\r' && i + 1 < reply.bytes.size() && reply.bytes[i + 1] == '\n')
        continue;
      lf += reply.bytes[i];
    }
    reply.bytes = lf;
    return reply;
  });
  RunResult run = Fetch(server);
  ASSERT_TRUE(run.ok()) << run.Describe();
  ASSERT_EQ(Delivered().size(), 3u);
}

TEST_F(HostileServerTest, MegabyteStatusLineIsAProtocolError) {
  FakePop3Server server(kGreeting, [&](const std::string& c) {
    if (c == "STAT") return FakeReply{"+OK " + std::string(1 << 20, 'x') + "\r\n"};
    return mailbox_.Answer(c);
  });
  RunResult run = Fetch(server);
  EXPECT_EQ(run.exit_code, 76) << run.Describe();
  EXPECT_NE(run.err.find("line longer than"), std::string::npos) << run.err;
  EXPECT_TRUE(Delivered().empty());
  EXPECT_FALSE(server.received("QUIT"));
}

TEST_F(HostileServerTest, MailCutOffByEofKeepsTheCompleteOnesAndSendsNoQuit) {
  FakePop3Server server(kGreeting, [&](const std::string& c) {
    if (c == "RETR 2") {
      std::string reply = ScriptedServer::RetrReply(mailbox_.mails[1].body);
      return FakeReply{reply.substr(0, reply.size() / 2), true};
    }
    return mailbox_.Answer(c);
  });
  RunResult run = Fetch(server);
  EXPECT_EQ(run.exit_code, 74) << run.Describe();
  EXPECT_NE(run.err.find("closed the connection unexpectedly"), std::string::npos) << run.err;
  ASSERT_EQ(Delivered().size(), 1u);
  EXPECT_TRUE(DeliveredMatches(ReadFile(Delivered()[0]), mailbox_.mails[0].body));
  ExpectNoPartialMail();
  EXPECT_FALSE(server.received("QUIT"));
  // The delivered mail is recorded, so the next run does not fetch it again.
  EXPECT_NE(Uidls().find("\nuid-1 "), std::string::npos) << Uidls();
  EXPECT_EQ(Uidls().find("\nuid-2 "), std::string::npos) << Uidls();
}

TEST_F(HostileServerTest, SilentServerTimesOut) {
  FakePop3Server server(kGreeting, [&](const std::string& c) {
    if (c == "STAT") return FakeReply{"", false, true};
    return mailbox_.Answer(c);
  });
  RunResult run = Fetch(server);
  EXPECT_EQ(run.exit_code, 74) << run.Describe();
  EXPECT_NE(run.err.find("timed out"), std::string::npos) << run.err;
  EXPECT_FALSE(run.timed_out);
}

TEST_F(HostileServerTest, SilentServerInTheMiddleOfAMail) {
  FakePop3Server server(kGreeting, [&](const std::string& c) {
    if (c == "RETR 1") {
      std::string reply = ScriptedServer::RetrReply(mailbox_.mails[0].body);
      return FakeReply{reply.substr(0, 100), false, true};
    }
    return mailbox_.Answer(c);
  });
  RunResult run = Fetch(server);
  EXPECT_EQ(run.exit_code, 74) << run.Describe();
  EXPECT_TRUE(Delivered().empty());
  ExpectNoPartialMail();
}

// Issue 15 item 2: mails that share a UID are delivered once and the UID is recorded, so
// a second run fetches nothing (they used to be fetched again on every run).
TEST_F(HostileServerTest, DuplicateUidsAreDeliveredOnceAndRecorded) {
  SetUids({"same", "other", "same"});
  FakePop3Server server(kGreeting, mailbox_.SocketResponder());
  RunResult run = Fetch(server, {"--keep=on"});
  ASSERT_TRUE(run.ok()) << run.Describe();
  EXPECT_EQ(Delivered().size(), 3u);
  EXPECT_NE(Uidls().find("\nsame "), std::string::npos) << Uidls();
  EXPECT_NE(Uidls().find("\nother "), std::string::npos) << Uidls();
  run = Fetch(server, {"--keep=on"});
  ASSERT_TRUE(run.ok()) << run.Describe();
  EXPECT_EQ(Delivered().size(), 3u);
}

TEST_F(HostileServerTest, OddUidsAreOpaque) {
  const std::string long_uid(200, 'u');
  SetUids({"../../etc/passwd", "a/b/c", long_uid});
  FakePop3Server server(kGreeting, mailbox_.SocketResponder());
  RunResult run = Fetch(server, {"--keep=on"});
  ASSERT_TRUE(run.ok()) << run.Describe();
  EXPECT_EQ(Delivered().size(), 3u);
  EXPECT_NE(Uidls().find("\n../../etc/passwd "), std::string::npos) << Uidls();
  EXPECT_NE(Uidls().find("\n" + long_uid + " "), std::string::npos);
  // A second run knows all three.
  run = Fetch(server, {"--keep=on"});
  ASSERT_TRUE(run.ok()) << run.Describe();
  EXPECT_EQ(Delivered().size(), 3u);
}

TEST_F(HostileServerTest, ListSizesThatLieDoNotMatter) {
  FakePop3Server server(kGreeting, [&](const std::string& c) {
    if (c == "LIST") return FakeReply{"+OK\r\n1 5\r\n2 999999\r\n3 0\r\n.\r\n"};
    return mailbox_.Answer(c);
  });
  RunResult run = Fetch(server);
  ASSERT_TRUE(run.ok()) << run.Describe();
  ASSERT_EQ(Delivered().size(), 3u);
  for (const std::string& file : Delivered()) {
    const std::string delivered = ReadFile(file);
    bool matched = false;
    for (const auto& mail : mailbox_.mails) matched |= bool(DeliveredMatches(delivered, mail.body));
    EXPECT_TRUE(matched) << file;
  }
}

TEST_F(HostileServerTest, MessageNumbersOutOfRangeOrNegative) {
  for (const std::string list :
       {"+OK\r\n1 5\r\n2 5\r\n4 5\r\n.\r\n", "+OK\r\n1 5\r\n-2 5\r\n3 5\r\n.\r\n",
        "+OK\r\n1 5\r\n1 5\r\n3 5\r\n.\r\n"}) {
    SCOPED_TRACE(list);
    FakePop3Server server(kGreeting, [&](const std::string& c) {
      if (c == "LIST") return FakeReply{list};
      return mailbox_.Answer(c);
    });
    // skipsize needs every size, so the whole LIST is asked (else only "LIST n").
    RunResult run = Fetch(server, {"--skipsize=1000000"});
    EXPECT_EQ(run.exit_code, 76) << run.Describe();
    EXPECT_TRUE(Delivered().empty());
    EXPECT_FALSE(server.received("QUIT"));
  }
}

TEST_F(HostileServerTest, GarbageAfterOkIsTolerated) {
  FakePop3Server server(kGreeting, [&](const std::string& c) {
    if (c.rfind("DELE", 0) == 0) return FakeReply{"+OKAY whatever \x01\x02\r\n"};
    FakeReply reply = mailbox_.Answer(c);  // the mailbox learns the user either way
    if (c == "USER joe") return FakeReply{"+OK\x7f garbage\r\n"};
    return reply;
  });
  RunResult run = Fetch(server);
  ASSERT_TRUE(run.ok()) << run.Describe();
  EXPECT_EQ(Delivered().size(), 3u);
}

TEST_F(HostileServerTest, RetrRejectedStopsBeforeDeleting) {
  FakePop3Server server(kGreeting, [&](const std::string& c) {
    if (c == "RETR 2") return FakeReply{"-ERR [SYS/TEMP] disk on fire\r\n"};
    return mailbox_.Answer(c);
  });
  RunResult run = Fetch(server);
  EXPECT_EQ(run.exit_code, 75) << run.Describe();
  EXPECT_NE(run.err.find("mpop: POP3 server rejected RETR 2: \"-ERR [SYS/TEMP] disk on fire\""),
            std::string::npos)
      << run.err;
  EXPECT_EQ(Delivered().size(), 1u);
  EXPECT_FALSE(server.received("QUIT"));
}

TEST_F(HostileServerTest, NoCapaNoUidlServerStillWorks) {
  FakePop3Server server(kGreeting, [&](const std::string& c) {
    if (c == "CAPA" || c == "UIDL") return FakeReply{"-ERR unknown command\r\n"};
    return mailbox_.Answer(c);
  });
  RunResult run = Fetch(server, {"--keep=on"});
  ASSERT_TRUE(run.ok()) << run.Describe();
  EXPECT_EQ(Delivered().size(), 3u);
  // Without UIDL the mails are known by their headers (TOP n 0, issue 20): with keep they
  // are not fetched again (upstream 1.4.23 crashes here instead).
  run = Fetch(server, {"--keep=on"});
  ASSERT_TRUE(run.ok()) << run.Describe();
  EXPECT_EQ(Delivered().size(), 3u);
  EXPECT_TRUE(server.received("TOP 3 0"));
}

TEST_F(HostileServerTest, UnixDomainSocket) {
  const std::string socket_path = home_.home() + "/pop3.socket";
  FakePop3Server server(kGreeting, mailbox_.SocketResponder(), socket_path);
  home_.WriteConfig("account default\nsocket " + socket_path +
                    "\nuser joe\npassword secret\nauth user\nkeep on\ndelivery maildir " +
                    maildir_ + "\n");
  RunResult run = home_.Run({});
  ASSERT_TRUE(run.ok()) << run.Describe();
  EXPECT_EQ(run.out, "joe at " + socket_path +
                         ":\nnew: 3 messages in 1.95 KiB, total: 3 "
                         "messages in 1.95 KiB\n" +
                         // progress lines follow the status
                         run.out.substr(run.out.find("retrieving")));
  ASSERT_EQ(Delivered().size(), 3u);
  // No network peer: the Received header names only the socket.
  EXPECT_EQ(ReadFile(Delivered()[0]).rfind("Received: from " + socket_path + "\n\tby ", 0), 0u)
      << ReadFile(Delivered()[0]);
  EXPECT_NE(ReadFile(home_.home() + "/.mpop_uidls/joe_at_" + socket_path)
                .find(" 3 " + socket_path + " joe"),
            std::string::npos);
}

TEST_F(HostileServerTest, ProgressOutputLayout) {
  // LF mails listed with their LF sizes (700 and 900 bytes): the delivered bytes then
  // reach 99% before the end, which pins the layout of an intermediate step.
  mailbox_.SetMails({MakeMail({.seed = 1, .size = 700}, 1), MakeMail({.seed = 1, .size = 900}, 2)});
  for (auto& mail : mailbox_.mails) mail.listed_size = mail.body.size();
  FakePop3Server server(kGreeting, mailbox_.SocketResponder());
  home_.WriteConfig("account default\nhost 127.0.0.1\nport " + std::to_string(server.port()) +
                    "\nuser joe\npassword secret\nauth user\ndelivery maildir " + maildir_ + "\n");
  RunResult run = home_.Run({});
  ASSERT_TRUE(run.ok()) << run.Describe();
  EXPECT_EQ(run.out,
            "joe at 127.0.0.1:\nnew: 2 messages in 1.56 KiB, total: 2 messages in 1.56 KiB\n"
            "retrieving message 1 of 2 (700 bytes):   0%\b\b\b\b 99\b\b\b100\n"
            "retrieving message 2 of 2 (900 bytes):   0%\b\b\b\b 99\b\b\b100\n");
}

TEST_F(HostileServerTest, DebugTraceShowsTheConversationAndWarns) {
  FakePop3Server server(kGreeting, mailbox_.SocketResponder());
  RunResult run = Fetch(server, {"-d"});
  ASSERT_TRUE(run.ok()) << run.Describe();
  EXPECT_NE(run.err.find("passwords"), std::string::npos) << run.err;  // the warning: stderr
  EXPECT_NE(run.out.find("<-- +OK fake POP3 server ready\n"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("--> PASS secret\n"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("--> QUIT\n"), std::string::npos) << run.out;
  EXPECT_EQ(run.out.find("retrieving message"), std::string::npos);
}

TEST_F(HostileServerTest, PasswordFromNetrcAndSourceIp) {
  mailbox_.password = "from-netrc";  // any other PASS gets "-ERR [AUTH] invalid login"
  FakePop3Server server(kGreeting, mailbox_.SocketResponder());
  WriteFile(home_.home() + "/.netrc",
            "machine other login joe password nope\nmachine 127.0.0.1 login joe password "
            "from-netrc\n");
  home_.WriteConfig("account default\nhost 127.0.0.1\nport " + std::to_string(server.port()) +
                    "\nsource_ip 127.0.0.1\nuser joe\nauth user\ndelivery maildir " + maildir_ +
                    "\n");
  RunResult run = home_.Run({"-q"});
  ASSERT_TRUE(run.ok()) << run.Describe();
  EXPECT_EQ(Delivered().size(), 3u);
}

TEST_F(HostileServerTest, NoPasswordAndNoTerminalIsAClearError) {
  FakePop3Server server(kGreeting, mailbox_.SocketResponder());
  home_.WriteConfig("account default\nhost 127.0.0.1\nport " + std::to_string(server.port()) +
                    "\nuser joe\nauth user\ndelivery maildir " + maildir_ + "\n");
  Command command{.argv = {"setsid", "-w", MPOP_BIN, "-q"}, .env = {{"HOME", home_.home()}}};
  auto run = RunCommand(command);
  ASSERT_TRUE(run);
  EXPECT_EQ(run->exit_code, 78) << run->Describe();
  EXPECT_NE(run->err.find("no password for joe at 127.0.0.1"), std::string::npos) << run->err;
  EXPECT_FALSE(server.received("PASS"));
}

}  // namespace
}  // namespace mpop::testing
