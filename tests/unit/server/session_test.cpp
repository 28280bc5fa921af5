// The POP3 state machine: every command in every state, wrong order, sizes exactly as
// sent, UIDs, RSET, DELE then QUIT (removes) and DELE without QUIT (removes nothing).

#include "server/session.hpp"

#include <fcntl.h>
#include <gsasl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <map>

#include "server/auth_throttle.hpp"
#include "server/authenticator.hpp"
#include "server/gatekeeper.hpp"
#include "server/log.hpp"
#include "server/output.hpp"
#include "server/sasl_server.hpp"
#include "support/temp_dir.hpp"

namespace mpop::server {
namespace {

using ::mpop::testing::ReadFile;
using ::mpop::testing::ScopedTempDir;
using ::mpop::testing::WriteFile;

class FakeGatekeeper final : public Gatekeeper {
 public:
  std::optional<std::string> Admit(std::string_view user, std::string_view password) override {
    ++calls;
    auto it = accounts.find(std::string(user));
    if (it == accounts.end() || it->second.first != password) return std::nullopt;
    return it->second.second;
  }
  std::map<std::string, std::pair<std::string, std::string>> accounts;  // user -> pw, maildir
  int calls = 0;
};

class RecordingLog final : public Log {
 public:
  void Write(LogLevel level, std::string_view message) override {
    lines.push_back(std::string(level == LogLevel::kInfo ? "info: " : "error: ") +
                    std::string(message));
  }
  std::vector<std::string> lines;
};

void SetMtime(const std::string& path, int seconds) {
  timespec times[2] = {{seconds, 0}, {seconds, 0}};
  ASSERT_EQ(::utimensat(AT_FDCWD, path.c_str(), times, 0), 0) << path;
}

class SessionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    maildir_ = dir_.File("md");
    mpop::testing::MakeMaildir(maildir_);
    gatekeeper_.accounts["alice"] = {"secret pw", maildir_};
  }

  // Adds a mail file delivered at `seconds` (mtime), so the order is known.
  std::string AddMail(const std::string& relative, const std::string& bytes, int seconds) {
    const std::string path = maildir_ + "/" + relative;
    WriteFile(path, bytes);
    SetMtime(path, seconds);
    return path;
  }

  // Sends each line and returns everything the session wrote.
  std::string Run(Session& session, const std::vector<std::string>& lines) {
    StringOutput out;
    for (const std::string& line : lines) {
      Result<Session::Next> next = session.Handle(line, out);
      EXPECT_TRUE(next.has_value()) << line;
      if (!next || *next == Session::Next::kClose) break;
    }
    return out.text;
  }

  std::string Login(Session& session) { return Run(session, {"USER alice", "PASS secret pw"}); }

  ScopedTempDir dir_;
  std::string maildir_;
  FakeGatekeeper gatekeeper_;
  RecordingLog log_;
};

constexpr std::string_view kCapa =
    "+OK capability list follows\r\nTOP\r\nUIDL\r\nUSER\r\nPIPELINING\r\nRESP-CODES\r\n"
    "AUTH-RESP-CODE\r\nIMPLEMENTATION mpopd\r\n.\r\n";

TEST_F(SessionTest, AuthorizationStateAnswersEveryCommand) {
  struct Case {
    std::string line;
    std::string reply;
  } cases[] = {
      {"STAT", "-ERR log in first (USER and PASS)\r\n"},
      {"LIST", "-ERR log in first (USER and PASS)\r\n"},
      {"LIST 1", "-ERR log in first (USER and PASS)\r\n"},
      {"UIDL", "-ERR log in first (USER and PASS)\r\n"},
      {"RETR 1", "-ERR log in first (USER and PASS)\r\n"},
      {"TOP 1 0", "-ERR log in first (USER and PASS)\r\n"},
      {"DELE 1", "-ERR log in first (USER and PASS)\r\n"},
      {"RSET", "-ERR log in first (USER and PASS)\r\n"},
      {"NOOP", "-ERR log in first (USER and PASS)\r\n"},
      {"PASS secret pw", "-ERR send USER first\r\n"},
      {"USER", "-ERR USER needs a user name\r\n"},
      {"USER ", "-ERR USER needs a user name\r\n"},
      {"APOP alice 0123", "-ERR unknown command\r\n"},
      {"AUTH PLAIN", "-ERR unknown command\r\n"},
      {"STLS", "-ERR unknown command\r\n"},
      {"", "-ERR unknown command\r\n"},
      {"XYZZY", "-ERR unknown command\r\n"},
      {"CAPA", std::string(kCapa)},
      {"capa", std::string(kCapa)},
  };
  for (const Case& c : cases) {
    Session session(gatekeeper_, log_);
    EXPECT_EQ(Run(session, {c.line}), c.reply) << c.line;
    EXPECT_EQ(session.state(), Session::State::kAuthorization) << c.line;
  }
  EXPECT_EQ(gatekeeper_.calls, 0);
}

TEST_F(SessionTest, QuitInAuthorizationClosesWithoutTouchingTheMaildir) {
  const std::string mail = AddMail("new/a", "Subject: a\n\nx\n", 100);
  Session session(gatekeeper_, log_);
  EXPECT_EQ(Run(session, {"QUIT", "NOOP"}), "+OK mpopd signing off\r\n");
  EXPECT_EQ(session.state(), Session::State::kClosed);
  EXPECT_TRUE(std::filesystem::exists(mail));
  EXPECT_FALSE(std::filesystem::exists(maildir_ + "/mpopd.lock"));
}

TEST_F(SessionTest, UserMustBeFollowedByPass) {
  Session session(gatekeeper_, log_);
  // Anything but PASS after USER gets an error (never silence) and USER is forgotten.
  EXPECT_EQ(Run(session, {"USER alice", "STAT", "PASS secret pw"}),
            "+OK send PASS\r\n-ERR send PASS after USER\r\n-ERR send USER first\r\n");
  EXPECT_EQ(Run(session, {"USER alice", "NOOP"}), "+OK send PASS\r\n-ERR send PASS after USER\r\n");
  // CAPA and a new USER are fine in between; the latest USER counts.
  EXPECT_EQ(Run(session, {"USER bob", "CAPA", "PASS secret pw"}),
            "+OK send PASS\r\n" + std::string(kCapa) + "-ERR send USER first\r\n");
  EXPECT_EQ(Run(session, {"USER bob", "USER alice", "PASS secret pw"}),
            "+OK send PASS\r\n+OK send PASS\r\n+OK 0 messages (0 octets)\r\n");
  EXPECT_EQ(session.state(), Session::State::kTransaction);
}

TEST_F(SessionTest, PassWithoutArgumentIsAnError) {
  Session session(gatekeeper_, log_);
  EXPECT_EQ(Run(session, {"USER alice", "PASS"}),
            "+OK send PASS\r\n-ERR PASS needs a password\r\n");
  EXPECT_EQ(gatekeeper_.calls, 0);
}

TEST_F(SessionTest, WrongPasswordGetsAuthCodeAndMayRetry) {
  Session session(gatekeeper_, log_);
  EXPECT_EQ(Run(session, {"USER alice", "PASS wrong", "PASS secret pw"}),
            "+OK send PASS\r\n-ERR [AUTH] authorization failed\r\n-ERR send USER first\r\n");
  EXPECT_EQ(Run(session, {"user ALICE", "PASS secret pw"}),
            "+OK send PASS\r\n-ERR [AUTH] authorization failed\r\n");  // user names are exact
  EXPECT_EQ(Login(session), "+OK send PASS\r\n+OK 0 messages (0 octets)\r\n");
  EXPECT_EQ(log_.lines, (std::vector<std::string>{
                            "info: authorization for user alice failed: invalid credentials",
                            "info: authorization for user ALICE failed: invalid credentials",
                            "info: user alice authorized and mailbox locked",
                            "info: starting transaction phase with 0 mails in mailbox"}));
}

TEST_F(SessionTest, PasswordKeepsItsSpaces) {
  gatekeeper_.accounts["bob"] = {" a  b ", maildir_};
  Session session(gatekeeper_, log_);
  EXPECT_EQ(Run(session, {"USER bob", "PASS  a  b "}),
            "+OK send PASS\r\n+OK 0 messages (0 octets)\r\n");
}

TEST_F(SessionTest, SecondSessionOnTheSameMaildirIsInUse) {
  Session first(gatekeeper_, log_);
  Login(first);
  ASSERT_EQ(first.state(), Session::State::kTransaction);
  Session second(gatekeeper_, log_);
  EXPECT_EQ(Login(second),
            "+OK send PASS\r\n-ERR [IN-USE] mailbox is in use by another session\r\n");
  EXPECT_EQ(second.state(), Session::State::kAuthorization);
  EXPECT_EQ(Run(first, {"QUIT"}), "+OK mpopd signing off (0 messages deleted)\r\n");
  // The lock goes with the mailbox once the first session is gone.
  Session third(gatekeeper_, log_);
  EXPECT_EQ(Login(third), "+OK send PASS\r\n+OK 0 messages (0 octets)\r\n");
}

TEST_F(SessionTest, MissingCurIsACleanError) {
  std::filesystem::remove(maildir_ + "/cur");
  Session session(gatekeeper_, log_);
  EXPECT_EQ(Login(session), "+OK send PASS\r\n-ERR [SYS/TEMP] cannot access mailbox\r\n");
  EXPECT_EQ(log_.lines.back(), "error: user alice authorized, but cannot read maildir " + maildir_ +
                                   "/cur: No such file or directory");
}

TEST_F(SessionTest, MissingMaildirIsACleanError) {
  gatekeeper_.accounts["alice"].second = dir_.File("nothing");
  Session session(gatekeeper_, log_);
  EXPECT_EQ(Login(session), "+OK send PASS\r\n-ERR [SYS/TEMP] cannot access mailbox\r\n");
  EXPECT_EQ(log_.lines.back(), "error: user alice authorized, but cannot lock maildir " +
                                   dir_.File("nothing") + ": cannot open " + dir_.File("nothing") +
                                   "/mpopd.lock: No such file or directory");
}

class TransactionTest : public SessionTest {
 protected:
  void SetUp() override {
    SessionTest::SetUp();
    // Delivery order: cur/ mail first by mtime although its name sorts later.
    AddMail("new/200.b", "Subject: two\n\n.dot\nend", 200);         // 27 octets sent
    AddMail("cur/100.a:2,S", "Subject: one\r\n\r\nbody\r\n", 100);  // 22 octets
    AddMail("new/300.c", "", 300);                                  // 0 octets
  }
};

TEST_F(TransactionTest, StatListUidlCountWhatIsSent) {
  Session session(gatekeeper_, log_);
  EXPECT_EQ(Login(session), "+OK send PASS\r\n+OK 3 messages (49 octets)\r\n");
  EXPECT_EQ(Run(session, {"STAT"}), "+OK 3 49\r\n");
  EXPECT_EQ(Run(session, {"LIST"}), "+OK 3 messages (49 octets)\r\n1 22\r\n2 27\r\n3 0\r\n.\r\n");
  EXPECT_EQ(Run(session, {"LIST 2"}), "+OK 2 27\r\n");
  EXPECT_EQ(Run(session, {"UIDL"}),
            "+OK unique-id listing follows\r\n1 100.a\r\n2 200.b\r\n3 300.c\r\n.\r\n");
  EXPECT_EQ(Run(session, {"uidl 3"}), "+OK 3 300.c\r\n");
  // The sizes are what RETR sends between its status line and the final dot line,
  // without the stuffed dots.
  EXPECT_EQ(Run(session, {"RETR 1"}), "+OK 22 octets\r\nSubject: one\r\n\r\nbody\r\n.\r\n");
  EXPECT_EQ(Run(session, {"RETR 2"}), "+OK 27 octets\r\nSubject: two\r\n\r\n..dot\r\nend\r\n.\r\n");
  EXPECT_EQ(Run(session, {"RETR 3"}), "+OK 0 octets\r\n.\r\n");
}

TEST_F(TransactionTest, BadMessageNumbers) {
  Session session(gatekeeper_, log_);
  Login(session);
  for (std::string command : {"LIST", "UIDL", "RETR", "DELE"}) {
    EXPECT_EQ(Run(session, {command + " 0"}), "-ERR no such message\r\n") << command;
    EXPECT_EQ(Run(session, {command + " 4"}), "-ERR no such message\r\n") << command;
    EXPECT_EQ(Run(session, {command + " 18446744073709551616"}), "-ERR no such message\r\n");
    EXPECT_EQ(Run(session, {command + " 99999999999999999999999"}), "-ERR no such message\r\n");
    EXPECT_EQ(Run(session, {command + " -1"}), "-ERR invalid message number\r\n") << command;
    EXPECT_EQ(Run(session, {command + " +1"}), "-ERR invalid message number\r\n") << command;
    EXPECT_EQ(Run(session, {command + " 1x"}), "-ERR invalid message number\r\n") << command;
  }
  EXPECT_EQ(Run(session, {"TOP 0 1"}), "-ERR no such message\r\n");
  EXPECT_EQ(Run(session, {"TOP 1 -1"}), "-ERR invalid line count\r\n");
  EXPECT_EQ(Run(session, {"TOP x 1"}), "-ERR invalid message number\r\n");
  EXPECT_EQ(Run(session, {"STAT"}), "+OK 3 49\r\n");
}

TEST_F(TransactionTest, WrongArgumentCounts) {
  Session session(gatekeeper_, log_);
  Login(session);
  struct Case {
    std::string line;
    std::string reply;
  } cases[] = {
      {"STAT 1", "-ERR usage: STAT\r\n"},
      {"LIST 1 2", "-ERR usage: LIST [msg]\r\n"},
      {"UIDL 1 2", "-ERR usage: UIDL [msg]\r\n"},
      {"RETR", "-ERR usage: RETR msg\r\n"},
      {"RETR 1 2", "-ERR usage: RETR msg\r\n"},
      {"TOP 1", "-ERR usage: TOP msg lines\r\n"},
      {"DELE", "-ERR usage: DELE msg\r\n"},
      {"RSET x", "-ERR usage: RSET\r\n"},
      {"NOOP x", "-ERR usage: NOOP\r\n"},
      {"QUIT now", "-ERR usage: QUIT\r\n"},
      {"USER alice", "-ERR already logged in\r\n"},
      {"PASS secret pw", "-ERR already logged in\r\n"},
      {"APOP a b", "-ERR unknown command\r\n"},
      {"", "-ERR unknown command\r\n"},
      {"NOOP", "+OK\r\n"},
      {"CAPA", std::string(kCapa)},
  };
  for (const Case& c : cases) EXPECT_EQ(Run(session, {c.line}), c.reply) << c.line;
  EXPECT_EQ(session.state(), Session::State::kTransaction);
}

TEST_F(TransactionTest, TopSendsHeaderAndLines) {
  AddMail("new/400.d", "A: 1\nB: 2\n\nl1\nl2\n.l3\nl4\n", 400);
  Session session(gatekeeper_, log_);
  Login(session);
  const std::string head = "+OK top of message follows\r\nA: 1\r\nB: 2\r\n\r\n";
  EXPECT_EQ(Run(session, {"TOP 4 0"}), head + ".\r\n");
  EXPECT_EQ(Run(session, {"TOP 4 1"}), head + "l1\r\n.\r\n");
  EXPECT_EQ(Run(session, {"TOP 4 3"}), head + "l1\r\nl2\r\n..l3\r\n.\r\n");
  EXPECT_EQ(Run(session, {"TOP 4 18446744073709551616"}), head + "l1\r\nl2\r\n..l3\r\nl4\r\n.\r\n");
  EXPECT_EQ(Run(session, {"TOP 3 5"}), "+OK top of message follows\r\n.\r\n");
}

TEST_F(TransactionTest, DeleteHidesAndRsetRestores) {
  Session session(gatekeeper_, log_);
  Login(session);
  EXPECT_EQ(Run(session, {"DELE 2"}), "+OK message 2 deleted\r\n");
  EXPECT_EQ(Run(session, {"DELE 2"}), "-ERR message 2 is deleted\r\n");
  EXPECT_EQ(Run(session, {"RETR 2"}), "-ERR message 2 is deleted\r\n");
  EXPECT_EQ(Run(session, {"LIST 2"}), "-ERR message 2 is deleted\r\n");
  EXPECT_EQ(Run(session, {"TOP 2 0"}), "-ERR message 2 is deleted\r\n");
  EXPECT_EQ(Run(session, {"STAT"}), "+OK 2 22\r\n");
  EXPECT_EQ(Run(session, {"LIST"}), "+OK 2 messages (22 octets)\r\n1 22\r\n3 0\r\n.\r\n");
  EXPECT_EQ(Run(session, {"UIDL"}), "+OK unique-id listing follows\r\n1 100.a\r\n3 300.c\r\n.\r\n");
  EXPECT_EQ(Run(session, {"RSET"}), "+OK 3 messages (49 octets)\r\n");
  EXPECT_EQ(Run(session, {"STAT"}), "+OK 3 49\r\n");
  EXPECT_EQ(Run(session, {"QUIT"}), "+OK mpopd signing off (0 messages deleted)\r\n");
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(maildir_ + "/new"), {}), 2);
}

TEST_F(TransactionTest, DeleteThenQuitRemovesOnlyMarkedFiles) {
  Session session(gatekeeper_, log_);
  Login(session);
  Run(session, {"DELE 1", "DELE 3"});
  EXPECT_TRUE(std::filesystem::exists(maildir_ + "/cur/100.a:2,S"));  // not before QUIT
  EXPECT_EQ(Run(session, {"QUIT"}), "+OK mpopd signing off (2 messages deleted)\r\n");
  EXPECT_EQ(session.state(), Session::State::kClosed);
  EXPECT_FALSE(std::filesystem::exists(maildir_ + "/cur/100.a:2,S"));
  EXPECT_FALSE(std::filesystem::exists(maildir_ + "/new/300.c"));
  EXPECT_TRUE(std::filesystem::exists(maildir_ + "/new/200.b"));
  EXPECT_EQ(log_.lines.back(), "info: 2 mails deleted in update phase; session ends");
}

TEST_F(TransactionTest, DeleteWithoutQuitRemovesNothing) {
  {
    Session session(gatekeeper_, log_);
    Login(session);
    Run(session, {"DELE 1", "DELE 2", "DELE 3"});
    // The connection drops here: the session is destroyed without QUIT.
  }
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(maildir_ + "/new"), {}), 2);
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(maildir_ + "/cur"), {}), 1);
  Session again(gatekeeper_, log_);
  EXPECT_EQ(Login(again), "+OK send PASS\r\n+OK 3 messages (49 octets)\r\n");
}

TEST_F(TransactionTest, UidsAreStableAcrossSessionsAndMovesToCur) {
  Session first(gatekeeper_, log_);
  Login(first);
  const std::string uidl = Run(first, {"UIDL"});
  Run(first, {"QUIT"});
  // A mail client moves a mail to cur/ and flags it: its UID stays.
  std::filesystem::rename(maildir_ + "/new/200.b", maildir_ + "/cur/200.b:2,RS");
  Session second(gatekeeper_, log_);
  Login(second);
  EXPECT_EQ(Run(second, {"UIDL"}), uidl);
}

TEST_F(TransactionTest, NothingIsAnsweredAfterQuit) {
  Session session(gatekeeper_, log_);
  Login(session);
  EXPECT_EQ(Run(session, {"QUIT"}), "+OK mpopd signing off (0 messages deleted)\r\n");
  for (std::string line : {"STAT", "QUIT", "USER alice", "DELE 1", ""}) {
    StringOutput out;
    Result<Session::Next> next = session.Handle(line, out);
    ASSERT_TRUE(next.has_value());
    EXPECT_EQ(*next, Session::Next::kClose) << line;
    EXPECT_EQ(out.text, "") << line;
  }
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(maildir_ + "/new"), {}), 2);
}

TEST_F(TransactionTest, MailsDeliveredDuringTheSessionWaitForTheNext) {
  Session session(gatekeeper_, log_);
  Login(session);
  AddMail("new/500.e", "Subject: late\n\n", 500);
  EXPECT_EQ(Run(session, {"STAT"}), "+OK 3 49\r\n");
  Run(session, {"QUIT"});
  Session next(gatekeeper_, log_);
  Login(next);
  EXPECT_EQ(Run(next, {"STAT"}), "+OK 4 66\r\n");
}

TEST_F(TransactionTest, RetrOfAVanishedMailIsAnErrorReplyNotTheEnd) {
  Session session(gatekeeper_, log_);
  Login(session);
  std::filesystem::remove(maildir_ + "/new/200.b");
  EXPECT_EQ(Run(session, {"RETR 2"}), "-ERR [SYS/TEMP] message 2 cannot be read\r\n");
  EXPECT_EQ(Run(session, {"TOP 2 1"}), "-ERR [SYS/TEMP] message 2 cannot be read\r\n");
  EXPECT_EQ(log_.lines.back(), "error: message 2 has vanished");
  EXPECT_EQ(Run(session, {"RETR 1"}), "+OK 22 octets\r\nSubject: one\r\n\r\nbody\r\n.\r\n");
  // Deleting a mail someone else removed already is no failure, and not counted as ours.
  EXPECT_EQ(Run(session, {"DELE 2", "QUIT"}),
            "+OK message 2 deleted\r\n+OK mpopd signing off (0 messages deleted)\r\n");
}

TEST_F(TransactionTest, UpdateReportsFilesItCannotRemove) {
  Session session(gatekeeper_, log_);
  Login(session);
  Run(session, {"DELE 1", "DELE 2"});
  // A directory where the mail was: unlink() fails even for root.
  const std::string path = maildir_ + "/cur/100.a:2,S";
  std::filesystem::remove(path);
  std::filesystem::create_directory(path);
  EXPECT_EQ(Run(session, {"QUIT"}), "-ERR [SYS/PERM] 1 deleted messages could not be removed\r\n");
  EXPECT_TRUE(std::filesystem::is_directory(path));
  EXPECT_FALSE(std::filesystem::exists(maildir_ + "/new/200.b"));
  EXPECT_EQ(log_.lines[log_.lines.size() - 2], "error: cannot remove " + path + ": Is a directory");
}

class SaslTest : public SessionTest {
 protected:
  void SetUp() override {
    SessionTest::SetUp();
    Result<std::unique_ptr<SaslLibrary>> sasl = SaslLibrary::Init();
    ASSERT_TRUE(sasl.has_value()) << sasl.error().message;
    sasl_ = std::move(*sasl);
  }
  std::unique_ptr<SaslLibrary> sasl_;
};

// base64 of "\0alice\0secret pw", "\0alice\0wrong", "bob\0alice\0secret pw".
constexpr std::string_view kAlice = "AGFsaWNlAHNlY3JldCBwdw==";
constexpr std::string_view kWrong = "AGFsaWNlAHdyb25n";
constexpr std::string_view kOtherAuthzid = "Ym9iAGFsaWNlAHNlY3JldCBwdw==";

TEST_F(SaslTest, CapaAndMechanismList) {
  Session session(gatekeeper_, log_, sasl_.get());
  EXPECT_EQ(Run(session, {"CAPA"}),
            "+OK capability list follows\r\nTOP\r\nUIDL\r\nUSER\r\nPIPELINING\r\n"
            "RESP-CODES\r\nAUTH-RESP-CODE\r\nIMPLEMENTATION mpopd\r\nSASL SCRAM-SHA-256 "
            "PLAIN\r\n.\r\n");
  EXPECT_EQ(Run(session, {"AUTH"}),
            "+OK SASL mechanisms follow\r\nSCRAM-SHA-256\r\nPLAIN\r\n.\r\n");
}

TEST_F(SaslTest, PlainWithInitialResponse) {
  Session session(gatekeeper_, log_, sasl_.get());
  EXPECT_EQ(Run(session, {"AUTH PLAIN " + std::string(kAlice)}), "+OK 0 messages (0 octets)\r\n");
  EXPECT_EQ(session.state(), Session::State::kTransaction);
  EXPECT_EQ(log_.lines[0], "info: user alice authorized and mailbox locked");
  EXPECT_EQ(Run(session, {"AUTH PLAIN " + std::string(kAlice)}), "-ERR already logged in\r\n");
}

TEST_F(SaslTest, PlainWithContinuation) {
  Session session(gatekeeper_, log_, sasl_.get());
  EXPECT_EQ(Run(session, {"auth plain", std::string(kAlice)}),
            "+ \r\n+OK 0 messages (0 octets)\r\n");
  EXPECT_EQ(session.state(), Session::State::kTransaction);
}

TEST_F(SaslTest, Failures) {
  Session session(gatekeeper_, log_, sasl_.get());
  struct Case {
    std::vector<std::string> lines;
    std::string reply;
  } cases[] = {
      {{"AUTH PLAIN " + std::string(kWrong)}, "-ERR [AUTH] authentication failed\r\n"},
      {{"AUTH PLAIN", std::string(kWrong)}, "+ \r\n-ERR [AUTH] authentication failed\r\n"},
      {{"AUTH PLAIN " + std::string(kOtherAuthzid)}, "-ERR [AUTH] authentication failed\r\n"},
      {{"AUTH PLAIN", "*"}, "+ \r\n-ERR authentication cancelled\r\n"},
      {{"AUTH PLAIN", "!!not base64!!"}, "+ \r\n-ERR [AUTH] authentication failed\r\n"},
      {{"AUTH PLAIN ="}, "-ERR [AUTH] authentication failed\r\n"},
      {{"AUTH CRAM-MD5"}, "-ERR unsupported authentication mechanism\r\n"},
      {{"AUTH PLAIN a b"}, "-ERR usage: AUTH mechanism [initial-response]\r\n"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Run(session, c.lines), c.reply) << c.lines[0];
    EXPECT_EQ(session.state(), Session::State::kAuthorization);
  }
  // Still usable afterwards, by either method.
  EXPECT_EQ(Login(session), "+OK send PASS\r\n+OK 0 messages (0 octets)\r\n");
  EXPECT_EQ(log_.lines[0], "info: authentication for user alice failed: invalid credentials");
}

// SCRAM-SHA-256 with GNU SASL's client side against the session and the real gatekeeper
// (failure delay included, on an injected clock).
class ScramTest : public SaslTest {
 protected:
  void SetUp() override {
    SaslTest::SetUp();
    std::vector<MailboxAccount> accounts;
    accounts.push_back({"alice", auth::SecretString(std::string_view("secret pw")), maildir_});
    authenticator_ = std::make_unique<Authenticator>(std::move(accounts));
    ASSERT_EQ(gsasl_init(&client_), GSASL_OK);
    gsasl_callback_set(client_, &ScramTest::ClientCallback);
  }
  void TearDown() override { gsasl_done(client_); }

  static int ClientCallback(Gsasl*, Gsasl_session* session, Gsasl_property property) {
    auto* self = static_cast<ScramTest*>(gsasl_session_hook_get(session));
    if (property == GSASL_AUTHID) return gsasl_property_set(session, property, self->user_.c_str());
    if (property == GSASL_PASSWORD) {
      return gsasl_property_set(session, property, self->password_.c_str());
    }
    return GSASL_NO_CALLBACK;
  }

  // Runs the whole exchange; returns every line the server sent, in order.
  std::string Login(Session& session, const std::string& user, const std::string& password) {
    user_ = user;
    password_ = password;
    Gsasl_session* client = nullptr;
    EXPECT_EQ(gsasl_client_start(client_, "SCRAM-SHA-256", &client), GSASL_OK);
    gsasl_session_hook_set(client, this);
    char* first = nullptr;
    EXPECT_EQ(gsasl_step64(client, "", &first), GSASL_NEEDS_MORE);
    std::string line = "AUTH SCRAM-SHA-256 " + std::string(first);
    gsasl_free(first);
    std::string transcript;
    for (int round = 0; round < 5; ++round) {
      StringOutput out;
      EXPECT_TRUE(session.Handle(line, out).has_value());
      transcript += out.text;
      if (!out.text.starts_with("+ ")) break;
      const std::string challenge = out.text.substr(2, out.text.size() - 4);
      char* response = nullptr;
      const int rc = gsasl_step64(client, challenge.c_str(), &response);
      line = response != nullptr ? response : "";
      gsasl_free(response);
      if (rc != GSASL_OK && rc != GSASL_NEEDS_MORE) line = "*";  // the client gives up
    }
    gsasl_finish(client);
    return transcript;
  }

  AuthThrottle::Clock::time_point now_{};
  AuthThrottle throttle_{{}, [this] { return now_; }};
  class : public Sleeper {
   public:
    void SleepFor(std::chrono::milliseconds duration) override { slept.push_back(duration); }
    std::vector<std::chrono::milliseconds> slept;
  } sleeper_;
  std::unique_ptr<Authenticator> authenticator_;
  Gsasl* client_ = nullptr;
  std::string user_;
  std::string password_;
};

// "+ <base64>\r\n" lines, then the final reply.
::testing::AssertionResult ChallengesThen(const std::string& transcript, int challenges,
                                          const std::string& final_reply) {
  std::string rest = transcript;
  for (int i = 0; i < challenges; ++i) {
    const std::size_t end = rest.find("\r\n");
    if (!rest.starts_with("+ ") || end == std::string::npos) {
      return ::testing::AssertionFailure() << "no challenge " << i << " in " << transcript;
    }
    rest.erase(0, end + 2);
  }
  if (rest != final_reply) return ::testing::AssertionFailure() << transcript;
  return ::testing::AssertionSuccess();
}

TEST_F(ScramTest, RightPasswordLogsIn) {
  ThrottledGatekeeper gatekeeper(*authenticator_, throttle_, sleeper_, "10.0.0.1");
  Session session(gatekeeper, log_, sasl_.get());
  // Challenges: server-first, then server-final (additional data with success), answered
  // by an empty line.
  EXPECT_TRUE(
      ChallengesThen(Login(session, "alice", "secret pw"), 2, "+OK 0 messages (0 octets)\r\n"));
  EXPECT_EQ(session.state(), Session::State::kTransaction);
  EXPECT_TRUE(sleeper_.slept.empty());
}

TEST_F(ScramTest, WrongPasswordAndUnknownUserFailAlikeAndAreDelayed) {
  ThrottledGatekeeper gatekeeper(*authenticator_, throttle_, sleeper_, "10.0.0.1");
  Session session(gatekeeper, log_, sasl_.get());
  // The proof fails on the server, which answers the client-final message with -ERR.
  EXPECT_TRUE(
      ChallengesThen(Login(session, "alice", "wrong"), 1, "-ERR [AUTH] authentication failed\r\n"));
  EXPECT_TRUE(ChallengesThen(Login(session, "mallory", "secret pw"), 1,
                             "-ERR [AUTH] authentication failed\r\n"));
  EXPECT_EQ(session.state(), Session::State::kAuthorization);
  EXPECT_EQ(sleeper_.slept, (std::vector<std::chrono::milliseconds>{std::chrono::seconds(1)}));
  EXPECT_TRUE(
      ChallengesThen(Login(session, "alice", "secret pw"), 2, "+OK 0 messages (0 octets)\r\n"));
  // 2 s after two failures, queued behind the first wait (the clock did not move).
  EXPECT_EQ(sleeper_.slept.back(), std::chrono::seconds(3));
  EXPECT_EQ(throttle_.CurrentDelay("10.0.0.1"), std::chrono::milliseconds(0));
}

TEST_F(ScramTest, ClientAbortAndNonEmptyFinalResponse) {
  ThrottledGatekeeper gatekeeper(*authenticator_, throttle_, sleeper_, "10.0.0.1");
  Session session(gatekeeper, log_, sasl_.get());
  StringOutput out;
  ASSERT_TRUE(session.Handle("AUTH SCRAM-SHA-256", out).has_value());
  ASSERT_TRUE(session.Handle("*", out).has_value());
  EXPECT_EQ(out.text, "+ \r\n-ERR authentication cancelled\r\n");
  out.text.clear();
  ASSERT_TRUE(session.Handle("AUTH SCRAM-SHA-256 bm90IHNjcmFt", out).has_value());
  EXPECT_EQ(out.text, "-ERR [AUTH] authentication failed\r\n");
  EXPECT_EQ(session.state(), Session::State::kAuthorization);
}

// An Output that fails after `budget` bytes, like a client that went away.
class BrokenOutput final : public Output {
 public:
  explicit BrokenOutput(std::size_t budget) : budget_(budget) {}
  Status Write(std::string_view bytes) override {
    if (bytes.size() > budget_) return Error::IoErr("network write error: Broken pipe");
    budget_ -= bytes.size();
    return {};
  }

 private:
  std::size_t budget_;
};

TEST_F(TransactionTest, OutputFailureEndsTheSessionWithoutRemoving) {
  Session session(gatekeeper_, log_);
  Login(session);
  StringOutput ok;
  ASSERT_TRUE(session.Handle("DELE 1", ok).has_value());
  BrokenOutput broken(0);
  Result<Session::Next> next = session.Handle("RETR 2", broken);
  ASSERT_FALSE(next.has_value());
  EXPECT_EQ(next.error().message, "network write error: Broken pipe");
  EXPECT_TRUE(std::filesystem::exists(maildir_ + "/cur/100.a:2,S"));
}

}  // namespace
}  // namespace mpop::server
