// mpop --poll, the real binary: against Dovecot (several accounts with their own
// intervals, mail added while it runs, SIGTERM in the middle of a fetch) and against the
// scripted server (LOGIN-DELAY 60 never undercut, [LOGIN-DELAY]/[IN-USE] refusals, a
// stopped server backed off and recovered, SIGHUP with a good and a broken
// configuration, SIGUSR1), systemd's notifications on a NOTIFY_SOCKET the test binds, and
// 1,000 polls in one process with flat memory and descriptors.
//
// MPOP_TEST_POLL_DIVISOR (client/poll_loop.hpp, tests only) divides every duration of the
// schedule, so a 60-second LOGIN-DELAY lasts 600 ms at 100: the tests count logins over a
// real window of a few of those instead of waiting minutes.

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <vector>

#include "support/dovecot_server.hpp"
#include "support/fake_pop3_server.hpp"
#include "support/json_objects.hpp"
#include "support/mail_factory.hpp"
#include "support/mpop_runner.hpp"
#include "support/process.hpp"
#include "support/scripted_server.hpp"
#include "support/temp_dir.hpp"
#include "support/wait_until.hpp"
#include "util/unique_fd.hpp"

namespace mpop::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using Clock = std::chrono::steady_clock;

constexpr milliseconds kLong{20000};

// mpop --poll running in the background; its stdout and stderr go to a log file.
class PollingMpop {
 public:
  PollingMpop(const MpopHome& home, std::vector<std::string> args,
              std::vector<std::pair<std::string, std::string>> env = {})
      : log_(home.home() + "/poll.log") {
    std::vector<std::string> argv = {MPOP_BIN, "--poll"};
    argv.insert(argv.end(), args.begin(), args.end());
    env.emplace_back("HOME", home.home());
    auto started = BackgroundProcess::Start(
        {.argv = argv, .env = env, .unset_env = {"MPOPRC", "NOTIFY_SOCKET", "WATCHDOG_USEC"}},
        log_);
    EXPECT_TRUE(started) << started.error().message;
    if (started) process_.emplace(std::move(*started));
  }

  pid_t pid() const { return process_->pid(); }
  std::string Log() const { return ReadFile(log_); }
  bool WaitForLog(const std::string& text, milliseconds timeout = kLong) const {
    return WaitUntil([&] { return Log().find(text) != std::string::npos; }, timeout);
  }
  void Signal(int signal_number) const { ASSERT_EQ(::kill(pid(), signal_number), 0); }
  RunResult Stop(int signal_number = SIGTERM) {
    return process_->Stop(signal_number, std::chrono::seconds(20));
  }

 private:
  std::string log_;
  std::optional<BackgroundProcess> process_;
};

std::string ScriptedAccount(const std::string& name, int port, const std::string& maildir,
                            const std::string& extra) {
  return "account " + name + "\nhost 127.0.0.1\nport " + std::to_string(port) +
         "\nuser joe\npassword secret\nauth user\ndelivery maildir " + maildir + "\n" + extra;
}

std::size_t CountCommand(const FakePop3Server& server, const std::string& command) {
  std::size_t count = 0;
  for (const std::string& line : server.commands()) count += line == command ? 1 : 0;
  return count;
}

// A scripted server that notes when each login (PASS) came, and may refuse the first ones.
class LoginClock {
 public:
  explicit LoginClock(ScriptedServer& script, std::vector<std::string> refusals = {})
      : script_(script), refusals_(std::move(refusals)) {}

  FakePop3Server::Responder Responder() {
    return [this](const std::string& command) {
      std::lock_guard lock(mutex_);
      if (command.starts_with("PASS ")) {
        logins_.push_back(Clock::now());
        if (logins_.size() <= refusals_.size()) return FakeReply{refusals_[logins_.size() - 1]};
      }
      return script_.Answer(command);
    };
  }
  std::vector<Clock::time_point> logins() const {
    std::lock_guard lock(mutex_);
    return logins_;
  }

 private:
  ScriptedServer& script_;
  std::vector<std::string> refusals_;
  mutable std::mutex mutex_;
  std::vector<Clock::time_point> logins_;  // guarded by mutex_
};

TEST(PollTest, ALoginDelayOf60IsNeverUndercutNotEvenBySigusr1) {
  ScriptedServer script;
  script.capabilities = {"TOP", "UIDL", "USER", "PIPELINING", "LOGIN-DELAY 60"};
  LoginClock clock(script);
  FakePop3Server server(script.Greeting(), clock.Responder());
  MpopHome home;
  home.WriteConfig(
      ScriptedAccount("default", server.port(), home.MakeMaildir("Mail"), "poll_interval 1s\n"));
  // 1 s becomes 10 ms, LOGIN-DELAY 60 becomes 600 ms.
  PollingMpop mpop(home, {"-q"}, {{"MPOP_TEST_POLL_DIVISOR", "100"}});
  // Once it polls, it takes SIGUSR1 (before, the signal would still kill it).
  ASSERT_TRUE(WaitUntil([&] { return clock.logins().size() == 1; }));
  for (std::size_t wanted = 2; wanted <= 4; ++wanted) {
    ASSERT_TRUE(WaitUntil([&] {
      mpop.Signal(SIGUSR1);  // asks for a poll now, over and over
      return clock.logins().size() >= wanted;
    }));
  }
  const std::vector<Clock::time_point> logins = clock.logins();
  for (std::size_t i = 1; i < logins.size(); ++i) {
    EXPECT_GE(logins[i] - logins[i - 1], milliseconds(600)) << "login " << i;
  }
  RunResult stopped = mpop.Stop();
  EXPECT_EQ(stopped.exit_code, 0) << stopped.Describe() << mpop.Log();
  EXPECT_EQ(mpop.Log(), "");
}

TEST(PollTest, ARefusedLoginIsRetriedWithOneLineInsteadOfAnError) {
  ScriptedServer script;
  script.SetMails({"Subject: one\n\nbody\n"});
  LoginClock clock(script,
                   {"-ERR [LOGIN-DELAY] not so soon\r\n", "-ERR [IN-USE] someone else is in\r\n"});
  FakePop3Server server(script.Greeting(), clock.Responder());
  MpopHome home;
  const std::string maildir = home.MakeMaildir("Mail");
  home.WriteConfig(ScriptedAccount("isp", server.port(), maildir, "poll_interval 60s\n"));
  PollingMpop mpop(home, {"-q", "isp"}, {{"MPOP_TEST_POLL_DIVISOR", "100"}});
  ASSERT_TRUE(WaitUntil([&] { return FilesIn(maildir + "/new").size() == 1; })) << mpop.Log();
  ASSERT_TRUE(mpop.WaitForLog("works again")) << mpop.Log();
  RunResult stopped = mpop.Stop();
  EXPECT_EQ(stopped.exit_code, 0) << stopped.Describe();
  const std::regex expected(
      "mpop: account isp: the server refused the login for now \\(\\[LOGIN-DELAY\\]\\); trying "
      "again at [0-9:]{8} \\(in [0-9]+ ms\\)\n"
      "mpop: account isp: the server refused the login for now \\(\\[IN-USE\\]\\); trying "
      "again at [0-9:]{8} \\(in [0-9]+ ms\\)\n"
      "mpop: account isp works again\n");
  EXPECT_TRUE(std::regex_match(mpop.Log(), expected)) << mpop.Log();
  EXPECT_EQ(clock.logins().size(), 3u);
}

TEST(PollTest, APermanentFailureIsReportedOnceAndRetriedAtTheInterval) {
  ScriptedServer script;
  script.password = "changed";
  LoginClock clock(script);
  FakePop3Server server(script.Greeting(), clock.Responder());
  MpopHome home;
  home.WriteConfig(
      ScriptedAccount("isp", server.port(), home.MakeMaildir("Mail"), "poll_interval 2s\n"));
  // 2 s becomes 20 ms; a temporary failure would be retried after 1.25 ms.
  PollingMpop mpop(home, {"-q", "isp"}, {{"MPOP_TEST_POLL_DIVISOR", "100"}});
  ASSERT_TRUE(WaitUntil([&] { return clock.logins().size() >= 4; })) << mpop.Log();
  EXPECT_EQ(mpop.Stop().exit_code, 0);
  const std::vector<Clock::time_point> logins = clock.logins();
  for (std::size_t i = 1; i < logins.size(); ++i) {
    EXPECT_GE(logins[i] - logins[i - 1], milliseconds(20)) << "login " << i;
  }
  const std::regex expected(
      "mpop: POP3 server rejected PASS: \"-ERR \\[AUTH\\] invalid login\" \\(the credentials "
      "were rejected; check the user name and password\\)\n"
      "mpop: error during mail retrieval \\(account isp from [^)]*\\)\n"
      "mpop: account isp: this needs a fix; trying again at [0-9:]{8} \\(in [0-9]+ ms\\)\n");
  EXPECT_TRUE(std::regex_match(mpop.Log(), expected)) << mpop.Log();
}

TEST(PollTest, AStoppedServerIsBackedOffAndRecoveredFrom) {
  MpopHome home;
  const std::string maildir = home.MakeMaildir("Mail");
  const std::string socket = home.home() + "/pop3.sock";
  home.WriteConfig("account default\nsocket " + socket +
                   "\nuser joe\npassword secret\nauth user\ndelivery maildir " + maildir +
                   "\npoll_interval 16s\n");
  // 16 s becomes 1 s: back-off 62.5 ms, 125 ms, 250 ms, 500 ms, then 1 s.
  PollingMpop mpop(home, {"-q"}, {{"MPOP_TEST_POLL_DIVISOR", "16"}});
  const std::regex retry("trying again at [0-9:]{8} \\(in ([0-9]+) ms\\)");
  std::vector<int> waits;
  ASSERT_TRUE(WaitUntil([&] {
    waits.clear();
    const std::string log = mpop.Log();
    for (auto it = std::sregex_iterator(log.begin(), log.end(), retry);
         it != std::sregex_iterator(); ++it) {
      waits.push_back(std::stoi((*it)[1]));
    }
    return waits.size() >= 4;
  })) << mpop.Log();
  // Each wait doubles, plus up to 10% jitter (the printed figure is measured a little later).
  for (std::size_t i = 0; i < 4; ++i) {
    const double base = 62.5 * (1 << i);
    EXPECT_GE(waits[i], base * 0.8) << i << "\n" << mpop.Log();
    EXPECT_LE(waits[i], base * 1.1 + 1) << i << "\n" << mpop.Log();
  }
  EXPECT_NE(mpop.Log().find("mpop: cannot connect to " + socket +
                            ": No such file or directory\n"
                            "mpop: error during mail retrieval (account default from " +
                            home.home() + "/.mpoprc)\n"),
            std::string::npos)
      << mpop.Log();

  ScriptedServer script;
  script.SetMails({"Subject: back\n\nagain\n"});
  FakePop3Server server(script.Greeting(), script.SocketResponder(), socket);
  ASSERT_TRUE(WaitUntil([&] { return FilesIn(maildir + "/new").size() == 1; })) << mpop.Log();
  ASSERT_TRUE(mpop.WaitForLog("mpop: account default works again\n"));
  EXPECT_EQ(mpop.Stop().exit_code, 0);
}

TEST(PollTest, SighupReloadsAGoodConfigurationAndKeepsTheOldOneForABrokenOne) {
  ScriptedServer first_script;
  first_script.SetMails({"Subject: a\n\nfor a\n"});
  FakePop3Server first(first_script.Greeting(), first_script.SocketResponder());
  ScriptedServer second_script;
  second_script.SetMails({"Subject: b\n\nfor b\n"});
  FakePop3Server second(second_script.Greeting(), second_script.SocketResponder());
  MpopHome home;
  const std::string maildir_a = home.MakeMaildir("A");
  const std::string maildir_b = home.MakeMaildir("B");
  const std::string account_a =
      ScriptedAccount("a", first.port(), maildir_a, "poll_interval 1h\nuidls_file ~/a.uidls\n");
  home.WriteConfig(account_a);
  PollingMpop mpop(home, {"-q", "-a"});
  ASSERT_TRUE(WaitUntil([&] { return FilesIn(maildir_a + "/new").size() == 1; })) << mpop.Log();

  home.WriteConfig(account_a + "bogus_command 1\n");
  mpop.Signal(SIGHUP);
  ASSERT_TRUE(
      mpop.WaitForLog("mpop: configuration not reloaded; polling on with the previous one\n"));
  EXPECT_EQ(mpop.Log(), "mpop: " + home.home() +
                            "/.mpoprc: line 10: unknown command bogus_command\n"
                            "mpop: configuration not reloaded; polling on with the previous one\n");
  // Still polling a, at once on SIGUSR1 (its interval is an hour).
  mpop.Signal(SIGUSR1);
  ASSERT_TRUE(WaitUntil([&] { return CountCommand(first, "PASS secret") == 2; })) << mpop.Log();

  home.WriteConfig(account_a + ScriptedAccount("b", second.port(), maildir_b,
                                               "poll_interval 1h\nuidls_file ~/b.uidls\n"));
  mpop.Signal(SIGHUP);
  ASSERT_TRUE(WaitUntil([&] { return FilesIn(maildir_b + "/new").size() == 1; })) << mpop.Log();
  EXPECT_TRUE(mpop.WaitForLog("mpop: configuration reloaded\n"));
  RunResult stopped = mpop.Stop(SIGINT);  // SIGINT stops as cleanly as SIGTERM
  EXPECT_EQ(stopped.exit_code, 0) << stopped.Describe();
  EXPECT_EQ(CountCommand(first, "PASS secret"), 2u);  // the reload polled only the new b
}

// An AF_UNIX datagram socket in place of systemd's.
class NotifySocket {
 public:
  explicit NotifySocket(const std::string& path) : path_(path) {
    fd_ = UniqueFd(::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    path.copy(address.sun_path, sizeof address.sun_path - 1);
    EXPECT_EQ(::bind(fd_.get(), reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  }
  // Every datagram received so far.
  const std::vector<std::string>& Read() {
    char buffer[4096];
    ssize_t n;
    while ((n = ::recv(fd_.get(), buffer, sizeof buffer, 0)) > 0) {
      messages_.emplace_back(buffer, static_cast<std::size_t>(n));
    }
    return messages_;
  }
  bool Has(const std::string& prefix) {
    for (const std::string& message : Read()) {
      if (message.starts_with(prefix)) return true;
    }
    return false;
  }

 private:
  std::string path_;
  UniqueFd fd_;
  std::vector<std::string> messages_;
};

TEST(PollTest, SystemdHearsReadyStatusWatchdogAndStopping) {
  ScriptedServer script;
  FakePop3Server server(script.Greeting(), script.SocketResponder());
  MpopHome home;
  home.WriteConfig(
      ScriptedAccount("isp", server.port(), home.MakeMaildir("Mail"), "poll_interval 1h\n"));
  NotifySocket notify(home.home() + "/notify.sock");
  PollingMpop mpop(home, {"-q", "isp"},
                   {{"NOTIFY_SOCKET", home.home() + "/notify.sock"}, {"WATCHDOG_USEC", "200000"}});
  ASSERT_TRUE(WaitUntil([&] { return notify.Has("STATUS=isp: ok, next poll "); }));
  const std::vector<std::string>& messages = notify.Read();
  EXPECT_EQ(messages.front().substr(0, 46), "READY=1\nSTATUS=isp: not polled yet, next poll ")
      << messages.front();
  // Every 100 ms while it waits for the hour to pass.
  ASSERT_TRUE(WaitUntil([&] {
    std::size_t pings = 0;
    for (const std::string& message : notify.Read()) pings += message == "WATCHDOG=1" ? 1 : 0;
    return pings >= 3;
  }));
  EXPECT_EQ(mpop.Stop().exit_code, 0);
  EXPECT_TRUE(notify.Has("STOPPING=1"));
}

long RssKib(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.starts_with("VmRSS:")) return std::stol(line.substr(6));
  }
  return -1;
}

long OpenDescriptors(pid_t pid) {
  long count = 0;
  for ([[maybe_unused]] const auto& entry :
       std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/fd")) {
    ++count;
  }
  return count;
}

TEST(PollTest, AThousandPollsLeaveMemoryAndDescriptorsFlat) {
  ScriptedServer script;
  script.SetMails({"Subject: kept\n\nstays\n"});
  MpopHome home;
  // A unix socket: over TCP the scripted server's small replies wait for delayed ACKs.
  const std::string socket = home.home() + "/pop3.sock";
  FakePop3Server server(script.Greeting(), script.SocketResponder(), socket);
  home.WriteConfig("account default\nsocket " + socket +
                   "\nuser joe\npassword secret\nauth user\ndelivery maildir " +
                   home.MakeMaildir("Mail") + "\npoll_interval 1s\nkeep on\n");
  // 1 s becomes 1 ms.
  PollingMpop mpop(home, {"-q"}, {{"MPOP_TEST_POLL_DIVISOR", "1000"}});
  auto polls = [&] { return CountCommand(server, "QUIT"); };
  ASSERT_TRUE(WaitUntil([&] { return polls() >= 50; }, seconds(60))) << mpop.Log();
  // A sample may fall into a session, with its socket and files open: the fewest of the
  // samples taken over 300 ms (the condition never holds; it only samples).
  auto fewest_descriptors = [&] {
    long fewest = OpenDescriptors(mpop.pid());
    WaitUntil(
        [&] {
          fewest = std::min(fewest, OpenDescriptors(mpop.pid()));
          return false;
        },
        milliseconds(300));
    return fewest;
  };
  const long rss_start = RssKib(mpop.pid());
  const long fds_start = fewest_descriptors();
  const std::size_t polls_start = polls();
  ASSERT_TRUE(WaitUntil([&] { return polls() >= polls_start + 1000; }, seconds(180))) << mpop.Log();
  const long rss_end = RssKib(mpop.pid());
  const long fds_end = fewest_descriptors();
  std::printf(
      "after %zu polls: RSS %ld KiB, %ld descriptors; after %zu: RSS %ld KiB, %ld "
      "descriptors\n",
      polls_start, rss_start, fds_start, polls(), rss_end, fds_end);
  EXPECT_EQ(fds_end, fds_start);
  EXPECT_LE(rss_end, rss_start + 256) << "RSS grew from " << rss_start << " KiB";
  EXPECT_EQ(mpop.Stop().exit_code, 0);
  EXPECT_EQ(mpop.Log(), "");
}

TEST(PollTest, DovecotAccountsAreEachPolledWithinTheirInterval) {
  DovecotServer server;
  MPOP_REQUIRE(server.Start({.users = {{"alice", "alicepw", {}}, {"bob", "bobpw", {}}}}));
  MpopHome home;
  const std::string alice_dir = home.MakeMaildir("Alice");
  const std::string bob_dir = home.MakeMaildir("Bob");
  home.WriteConfig(
      DovecotAccount("alice", server.pop3_port(), "alice", "alicepw", alice_dir,
                     "poll_interval 2s\n") +
      DovecotAccount("bob", server.pop3_port(), "bob", "bobpw", bob_dir, "poll_interval 5s\n"));
  PollingMpop mpop(home, {"-q", "alice", "bob"});
  // Both polled once at the start (nothing there yet).
  ASSERT_TRUE(server.WaitForLog("user=<bob>", kLong)) << mpop.Log();
  for (std::size_t round = 1; round <= 2; ++round) {
    SCOPED_TRACE(round);
    const std::string subject = "Subject: mail " + std::to_string(round) + "\n\nbody\n";
    ASSERT_TRUE(server.AddMail("alice", subject));
    ASSERT_TRUE(server.AddMail("bob", subject));
    const auto added = Clock::now();
    // One interval, its jitter (10%), and a second for the session itself.
    EXPECT_TRUE(WaitUntil([&] { return FilesIn(alice_dir + "/new").size() == round; },
                          milliseconds(2200 + 1000)));
    const auto alice_took = Clock::now() - added;
    EXPECT_TRUE(WaitUntil([&] { return FilesIn(bob_dir + "/new").size() == round; },
                          milliseconds(5500 + 1000)));
    std::printf(
        "round %zu: alice after %lld ms, bob after %lld ms\n", round,
        static_cast<long long>(std::chrono::duration_cast<milliseconds>(alice_took).count()),
        static_cast<long long>(
            std::chrono::duration_cast<milliseconds>(Clock::now() - added).count()));
  }
  EXPECT_TRUE(
      WaitUntil([&] { return server.CountMails("alice") + server.CountMails("bob") == 0; }));
  EXPECT_EQ(mpop.Stop().exit_code, 0);
  EXPECT_EQ(mpop.Log(), "");
}

TEST(PollTest, SigtermInTheMiddleOfAFetchLosesNothingAndExitsZero) {
  constexpr int kMails = 400;
  DovecotServer server;
  MPOP_REQUIRE(server.Start(
      {.users = {{"alice", "alicepw", MakeMails(kMails, {.seed = 19, .size = 20000})}}}));
  MpopHome home;
  const std::string maildir = home.MakeMaildir("Mail");
  home.WriteConfig(DovecotAccount("default", server.pop3_port(), "alice", "alicepw", maildir));
  PollingMpop mpop(home, {"-q"});
  ASSERT_TRUE(WaitUntil([&] { return FilesIn(maildir + "/new").size() >= 5; })) << mpop.Log();
  RunResult stopped = mpop.Stop(SIGTERM);
  const std::size_t delivered = FilesIn(maildir + "/new").size();
  ASSERT_LT(delivered, static_cast<std::size_t>(kMails)) << "finished before the signal";
  EXPECT_EQ(stopped.exit_code, 0) << stopped.Describe() << mpop.Log();
  EXPECT_EQ(mpop.Log(), "");
  EXPECT_TRUE(FilesIn(maildir + "/tmp").empty());
  for (const std::string& file : FilesIn(maildir + "/new")) {
    const std::string mail = ReadFile(file);
    EXPECT_EQ(mail.back(), '\n') << file;
  }
  // Every mail is delivered or still on the server; a normal run fetches the rest, and
  // none twice.
  EXPECT_GE(delivered + server.CountMails("alice"), static_cast<std::size_t>(kMails));
  RunResult rest = home.Run({"-q"});
  ASSERT_TRUE(rest.ok()) << rest.Describe();
  EXPECT_EQ(FilesIn(maildir + "/new").size(), static_cast<std::size_t>(kMails));
  EXPECT_EQ(server.CountMails("alice"), 0u);
}

TEST(PollTest, JsonSaysWhenEachAccountIsPolledNextAndHowAReloadWent) {
  ScriptedServer script;
  script.SetMails({"Subject: one\n\nbody\n"});
  LoginClock clock(script, {"-ERR [LOGIN-DELAY] not so soon\r\n"});
  FakePop3Server server(script.Greeting(), clock.Responder());
  MpopHome home;
  const std::string maildir = home.MakeMaildir("Mail");
  const std::string account = ScriptedAccount("isp", server.port(), maildir, "poll_interval 60s\n");
  home.WriteConfig(account);
  PollingMpop mpop(home, {"--json", "isp"}, {{"MPOP_TEST_POLL_DIVISOR", "100"}});
  ASSERT_TRUE(mpop.WaitForLog("\"outcome\":\"ok\"")) << mpop.Log();
  home.WriteConfig(account + "bogus_command 1\n");
  mpop.Signal(SIGHUP);
  ASSERT_TRUE(mpop.WaitForLog("\"type\":\"poll_reload\"")) << mpop.Log();
  EXPECT_EQ(mpop.Stop().exit_code, 0);

  // Only JSON, all of it valid against the schema.
  const std::string log = mpop.Log();
  ScopedTempDir dir;
  WriteFile(dir.File("lines.jsonl"), log);
  RunResult valid = RunToResult(
      {.argv = {"python3", MPOP_SOURCE_DIR "/tests/scripts/validate_json_lines.py",
                MPOP_SOURCE_DIR "/doc/mpop-json.schema.json", dir.File("lines.jsonl")}});
  EXPECT_TRUE(valid.ok()) << valid.out << valid.Describe() << log;
  std::vector<nlohmann::json> polls;
  std::vector<nlohmann::json> reloads;
  for (const nlohmann::json& object : ParseJsonLines(log)) {
    if (object["type"] == "poll") polls.push_back(object);
    if (object["type"] == "poll_reload") reloads.push_back(object);
  }
  ASSERT_GE(polls.size(), 2u) << log;
  EXPECT_EQ(polls[0]["account"], "isp");
  EXPECT_EQ(polls[0]["outcome"], "login_refused");
  EXPECT_EQ(polls[0]["response_code"], "LOGIN-DELAY");
  EXPECT_EQ(polls[1]["outcome"], "ok");
  EXPECT_EQ(polls[1]["response_code"], nullptr);
  EXPECT_LT(polls[1]["time"].get<std::string>(), polls[1]["next_poll"].get<std::string>());
  ASSERT_EQ(reloads.size(), 1u) << log;
  EXPECT_EQ(reloads[0]["ok"], false);
  EXPECT_EQ(reloads[0]["accounts"], 1);
  EXPECT_EQ(reloads[0]["message"], home.home() + "/.mpoprc: line 9: unknown command bogus_command");
}

TEST(PollTest, TheMetricsFileAndTheLogfileFollowEveryPoll) {
  ScriptedServer script;
  script.SetMails({"Subject: one\n\nbody\n"});
  FakePop3Server server(script.Greeting(), script.SocketResponder());
  MpopHome home;
  home.WriteConfig(ScriptedAccount("isp", server.port(), home.MakeMaildir("Mail"),
                                   "poll_interval 1s\nlogfile ~/mpop.log\n"));
  const std::string metrics = home.home() + "/mpop.prom";
  PollingMpop mpop(home, {"-q", "--metrics-file=" + metrics, "isp"},
                   {{"MPOP_TEST_POLL_DIVISOR", "100"}});
  ASSERT_TRUE(WaitUntil([&] {
    return std::filesystem::exists(metrics) &&
           ReadFile(metrics).find("mpop_sessions_total{account=\"isp\"} 3\n") != std::string::npos;
  })) << (std::filesystem::exists(metrics) ? ReadFile(metrics) : "no metrics file");
  EXPECT_EQ(mpop.Stop().exit_code, 0);
  EXPECT_NE(ReadFile(metrics).find("mpop_mails_fetched_total{account=\"isp\"} 1\n"),
            std::string::npos)
      << ReadFile(metrics);
  std::size_t lines = 0;
  for (char c : ReadFile(home.home() + "/mpop.log")) lines += c == '\n' ? 1 : 0;
  EXPECT_GE(lines, 3u) << ReadFile(home.home() + "/mpop.log");
}

TEST(PollTest, PretendShowsThePollIntervalWithPollOrWhenSet) {
  MpopHome home;
  home.WriteConfig(
      "account a\nhost pop.example\ndelivery mbox ~/mbox\n"
      "account b : a\npoll_interval 1h\n");
  RunResult poll = home.Run({"--poll", "--pretend", "a"});
  ASSERT_TRUE(poll.ok()) << poll.Describe();
  EXPECT_TRUE(poll.out.ends_with("\npoll_interval = 900 seconds\n")) << poll.out;
  RunResult plain = home.Run({"--pretend", "a", "b"});
  ASSERT_TRUE(plain.ok()) << plain.Describe();
  EXPECT_TRUE(plain.out.ends_with("\npoll_interval = 3600 seconds\n")) << plain.out;
  EXPECT_EQ(plain.out.find("poll_interval = 900"), std::string::npos) << plain.out;
}

TEST(PollTest, TheSystemdUnitIsATypeNotifyServiceThatPassesVerify) {
  const std::string unit = ReadFile(MPOP_SOURCE_DIR "/contrib/systemd/mpop-poll.service");
  for (const char* line :
       {"\nType=notify\n", "\nExecStart=/usr/bin/mpop -Q --poll -a\n",
        "\nExecReload=/bin/kill -HUP $MAINPID\n", "\nWatchdogSec=", "\nRestart=on-failure\n"}) {
    EXPECT_NE(unit.find(line), std::string::npos) << line;
  }
  if (::access("/usr/bin/systemd-analyze", X_OK) != 0) {
    GTEST_SKIP() << "component missing: systemd-analyze";
  }
  ScopedTempDir units;
  WriteFile(units.File("mpop-poll.service"), unit);
  RunResult run =
      RunToResult({.argv = {"systemd-analyze", "verify", units.File("mpop-poll.service")}});
  if (run.err.find("Failed to initialize manager") != std::string::npos) {
    GTEST_SKIP() << "systemd-analyze cannot run here: " << run.err;
  }
  EXPECT_TRUE(run.ok() && run.err.empty()) << run.Describe();
}

}  // namespace
}  // namespace mpop::testing
