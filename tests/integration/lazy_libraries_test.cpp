// GnuTLS, GNU SASL, libidn2, libqrencode, libcurl and libsystemd are loaded with dlopen()
// only when a run needs them, and libstdc++ and libfmt are not shared libraries of the
// programs at all (issue 17): a cron run that fetches mail must not pay for them. Checked
// on the real binaries: their dynamic sections, /proc/PID/maps of a running mpop held in
// the middle of a session (a plain retrieval, --poll, --poll under systemd), the loader's
// own account of what it loaded (LD_DEBUG=files) for a TLS session with a SASL login; and
// the messages when a library cannot be loaded or lacks a function, with LD_LIBRARY_PATH
// pointing at a stand-in.

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "support/dovecot_server.hpp"
#include "support/fake_pop3_server.hpp"
#include "support/mail_factory.hpp"
#include "support/mpop_runner.hpp"
#include "support/process.hpp"
#include "support/scripted_server.hpp"
#include "support/temp_dir.hpp"
#include "support/wait_until.hpp"
#include "util/unique_fd.hpp"

namespace mpop::testing {
namespace {

using std::chrono::seconds;

// The libraries of issue 17, as their file names begin. libstdc++ and libfmt are linked
// statically (not in sanitizer builds, which do not run these tests).
const char* const kLazyLibraries[] = {"libcurl", "libsystemd",  "libgnutls", "libgsasl",
                                      "libidn2", "libqrencode", "libstdc++", "libfmt"};

// The lines of `readelf -d` that name a needed library ("... (NEEDED) ... [libc.so.6]").
std::vector<std::string> NeededLines(const std::string& binary) {
  RunResult dynamic = RunToResult({.argv = {"readelf", "-d", binary}});
  EXPECT_TRUE(dynamic.ok()) << dynamic.Describe();
  std::vector<std::string> needed;
  std::istringstream lines(dynamic.out);
  for (std::string line; std::getline(lines, line);) {
    if (line.find("(NEEDED)") != std::string::npos) needed.push_back(line);
  }
  return needed;
}

TEST(LazyLibrariesTest, NeitherProgramNeedsALazyLibrary) {
  if (!RequireExecutable("/usr/bin/readelf")) GTEST_SKIP() << "component missing: readelf";
  for (const char* binary : {MPOP_BIN, MPOPD_BIN}) {
    const std::vector<std::string> needed = NeededLines(binary);
    ASSERT_FALSE(needed.empty()) << binary;  // a dynamic binary: libc at least
    for (const std::string& line : needed) {
      for (const char* library : kLazyLibraries) {
        EXPECT_EQ(line.find(std::string("[") + library), std::string::npos)
            << binary << " needs: " << line;
      }
    }
  }
}

// A scripted POP3 server with an empty mailbox that holds mpop's QUIT unanswered until
// the test releases it: the whole session has run, and the process is still there.
class HeldServer {
 public:
  HeldServer()
      : server_(script_.Greeting(), [this](const std::string& command) {
          if (command == "QUIT") {
            std::unique_lock lock(mutex_);
            held_ = true;
            changed_.notify_all();
            changed_.wait_for(lock, seconds(20), [this] { return released_; });
          }
          return script_.Answer(command);
        }) {}
  ~HeldServer() { Release(); }
  HeldServer(const HeldServer&) = delete;
  HeldServer& operator=(const HeldServer&) = delete;

  int port() const { return server_.port(); }
  // Waits until mpop has sent QUIT; false if it did not within 20 s.
  bool WaitForQuit() {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, seconds(20), [this] { return held_; });
  }
  void Release() {
    std::lock_guard lock(mutex_);
    released_ = true;
    changed_.notify_all();
  }

 private:
  ScriptedServer script_;
  std::mutex mutex_;
  std::condition_variable changed_;
  bool held_ = false;      // guarded by mutex_
  bool released_ = false;  // guarded by mutex_
  FakePop3Server server_;  // last: its thread uses the members above
};

// The files mapped into a process (the last column of /proc/PID/maps), one per line.
std::string MappedFiles(pid_t pid) {
  std::istringstream maps(ReadFile("/proc/" + std::to_string(pid) + "/maps"));
  std::string files;
  for (std::string line; std::getline(maps, line);) {
    const std::size_t slash = line.find('/');
    if (slash != std::string::npos) files += line.substr(slash) + "\n";
  }
  return files;
}

bool Maps(const std::string& files, const std::string& library) {
  return files.find("/" + library) != std::string::npos;
}

// mpop with the given arguments and environment in `home`, run in the background until
// the server holds its QUIT; returns the files it has mapped then, and lets it finish.
class HeldRun {
 public:
  HeldRun(const MpopHome& home, std::vector<std::string> args,
          std::vector<std::pair<std::string, std::string>> env = {})
      : log_(home.home() + "/mpop.log") {
    args.insert(args.begin(), MPOP_BIN);
    env.emplace_back("HOME", home.home());
    auto started = BackgroundProcess::Start(
        {.argv = args, .env = env, .unset_env = {"MPOPRC", "NOTIFY_SOCKET", "WATCHDOG_USEC"}},
        log_);
    EXPECT_TRUE(started) << started.error().message;
    if (started) process_.emplace(std::move(*started));
  }

  pid_t pid() const { return process_->pid(); }
  std::string Log() const { return ReadFile(log_); }
  RunResult WaitForExit() {
    EXPECT_TRUE(process_->WaitForExit(seconds(20)));
    return process_->Stop(SIGKILL, seconds(5));
  }
  RunResult Stop() { return process_->Stop(SIGTERM, seconds(20)); }

 private:
  std::string log_;
  std::optional<BackgroundProcess> process_;
};

std::string Account(const MpopHome& home, int port) {
  return "account isp\nhost 127.0.0.1\nport " + std::to_string(port) +
         "\nuser joe\npassword secret\nauth user\ndelivery maildir " + home.home() + "/Mail\n";
}

TEST(LazyLibrariesTest, ARetrievalSessionMapsNoLazyLibrary) {
  HeldServer server;
  MpopHome home;
  home.MakeMaildir("Mail");
  home.WriteConfig(Account(home, server.port()));
  HeldRun mpop(home, {"-q", "isp"});
  ASSERT_TRUE(server.WaitForQuit()) << mpop.Log();
  const std::string files = MappedFiles(mpop.pid());
  server.Release();
  EXPECT_TRUE(Maps(files, "libc.so")) << files;  // the maps were read while it ran
  for (const char* library : kLazyLibraries) EXPECT_FALSE(Maps(files, library)) << files;
  const RunResult run = mpop.WaitForExit();
  EXPECT_EQ(run.exit_code, 0) << run.Describe() << mpop.Log();
}

// --poll loads libcurl (a reloaded configuration may bring OAuth2 accounts), and
// libsystemd only when systemd gave it a NOTIFY_SOCKET.
TEST(LazyLibrariesTest, PollLoadsLibsystemdOnlyWithANotifySocket) {
  for (const bool notify : {false, true}) {
    SCOPED_TRACE(notify ? "with NOTIFY_SOCKET" : "without NOTIFY_SOCKET");
    HeldServer server;
    MpopHome home;
    home.MakeMaildir("Mail");
    home.WriteConfig(Account(home, server.port()) + "poll_interval 1h\n");
    const std::string socket_path = home.home() + "/notify.sock";
    UniqueFd socket(::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    socket_path.copy(address.sun_path, sizeof address.sun_path - 1);
    ASSERT_EQ(::bind(socket.get(), reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    std::vector<std::pair<std::string, std::string>> env;
    if (notify) env.emplace_back("NOTIFY_SOCKET", socket_path);
    HeldRun mpop(home, {"--poll", "-q", "isp"}, env);
    ASSERT_TRUE(server.WaitForQuit()) << mpop.Log();
    const std::string files = MappedFiles(mpop.pid());
    server.Release();
    EXPECT_TRUE(Maps(files, "libcurl")) << files;
    EXPECT_EQ(Maps(files, "libsystemd"), notify) << files;
    EXPECT_EQ(mpop.Stop().exit_code, 0) << mpop.Log();
    EXPECT_EQ(mpop.Log(), "");
    // Through the loaded library, systemd heard that the service is up.
    char datagram[4096];
    const ssize_t n = ::recv(socket.get(), datagram, sizeof datagram, MSG_DONTWAIT);
    if (notify) {
      ASSERT_GT(n, 0);
      EXPECT_TRUE(std::string(datagram, static_cast<std::size_t>(n)).starts_with("READY=1\n"));
    } else {
      EXPECT_EQ(n, -1);
    }
  }
}

// A directory for LD_LIBRARY_PATH with a file named as the library, which the loader then
// finds first: empty (it refuses it: "file too short"), or a copy of another library
// (it loads it, and the functions are missing).
class StandInLibrary {
 public:
  explicit StandInLibrary(const std::string& soname, const std::string& bytes = "")
      : path_(dir_.File(soname)) {
    WriteFile(path_, bytes);
  }
  std::pair<std::string, std::string> Env() const {
    return {"LD_LIBRARY_PATH", dir_.path().string()};
  }
  const std::string& path() const { return path_; }

 private:
  ScopedTempDir dir_;
  std::string path_;
};

// zlib: on every Debian system, and neither mpop nor libcurl's dependencies load it
// under the stand-in's name.
std::optional<std::string> Zlib() {
  for (const char* dir : {"/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu",
                          "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib"}) {
    const std::string path = std::string(dir) + "/libz.so.1";
    if (std::filesystem::exists(path)) return ReadFile(path);
  }
  return std::nullopt;
}

TEST(LazyLibrariesTest, PollUnderSystemdWithoutLibsystemdSaysSoOnceAndPollsOn) {
  StandInLibrary libsystemd(MPOP_SYSTEMD_SONAME);
  HeldServer server;
  MpopHome home;
  home.MakeMaildir("Mail");
  home.WriteConfig(Account(home, server.port()) + "poll_interval 1h\n");
  HeldRun mpop(home, {"--poll", "-q", "isp"},
               {{"NOTIFY_SOCKET", home.home() + "/notify.sock"}, libsystemd.Env()});
  ASSERT_TRUE(server.WaitForQuit()) << mpop.Log();
  server.Release();
  EXPECT_EQ(mpop.Stop().exit_code, 0) << mpop.Log();
  EXPECT_EQ(mpop.Log(), "mpop: polling without systemd notifications: " + libsystemd.path() +
                            ": file too short\n");
}

// mpop fetching for an account that logs in with OAuth2, with `libcurl` standing in.
RunResult RunOAuth2Account(const StandInLibrary& libcurl) {
  MpopHome home;
  home.MakeMaildir("Mail");
  home.WriteConfig(
      "account isp\nhost 127.0.0.1\nport 1\nuser joe\n"
      "oauth2_issuer http://127.0.0.1:1\noauth2_client_id app\n"
      "delivery maildir " +
      home.home() + "/Mail\n");
  return RunToResult({.argv = {MPOP_BIN, "-q", "isp"},
                      .env = {{"HOME", home.home()}, libcurl.Env()},
                      .unset_env = {"MPOPRC"}});
}

TEST(LazyLibrariesTest, AnOAuth2AccountWithoutLibcurlIsASoftwareError) {
  StandInLibrary libcurl(MPOP_CURL_SONAME);
  const RunResult run = RunOAuth2Account(libcurl);
  EXPECT_EQ(run.exit_code, 70) << run.Describe();
  EXPECT_EQ(run.err,
            "mpop: cannot initialize HTTP library: " + libcurl.path() + ": file too short\n");
}

TEST(LazyLibrariesTest, ALibcurlWithoutItsFunctionsIsASoftwareErrorNamingOne) {
  const std::optional<std::string> zlib = Zlib();
  if (!zlib) GTEST_SKIP() << "component missing: libz.so.1";
  StandInLibrary libcurl(MPOP_CURL_SONAME, *zlib);
  const RunResult run = RunOAuth2Account(libcurl);
  EXPECT_EQ(run.exit_code, 70) << run.Describe();
  EXPECT_EQ(run.err, "mpop: cannot initialize HTTP library: " + libcurl.path() +
                         ": undefined symbol: curl_global_init\n");
}

// mpop run with the loader reporting the files it loads (LD_DEBUG=files): the run, and that
// report.
struct TracedRun {
  RunResult run;
  std::string loader;
};

TracedRun RunTraced(const MpopHome& home, const std::vector<std::string>& args) {
  ScopedTempDir trace;
  std::vector<std::string> argv = args;
  argv.insert(argv.begin(), MPOP_BIN);
  TracedRun traced;
  traced.run = RunToResult(
      {.argv = argv,
       .env = {{"HOME", home.home()}, {"LD_DEBUG", "files"}, {"LD_DEBUG_OUTPUT", trace.File("ld")}},
       .unset_env = {"MPOPRC"}});
  for (const std::string& file : FilesIn(trace.path().string())) traced.loader += ReadFile(file);
  return traced;
}

// Whether the loader's report says it loaded the library (named by its SONAME's start).
bool Loaded(const std::string& loader, const std::string& library) {
  return loader.find("file=" + library) != std::string::npos;
}

TEST(LazyLibrariesTest, ATlsSessionWithASaslLoginLoadsGnutlsAndGnuSasl) {
  DovecotServer server;
  MPOP_REQUIRE(server.Start({.users = {{"alice", "alicepw", MakeMails(3, {})}}, .tls = true}));
  for (const bool starttls : {false, true}) {
    SCOPED_TRACE(starttls ? "STLS" : "POP3S");
    MpopHome home;
    const std::string maildir = home.MakeMaildir("Mail");
    home.WriteConfig(DovecotAccount(
        "default", starttls ? server.pop3_port() : server.pop3s_port(), "alice", "alicepw", maildir,
        "keep on\nauth scram-sha-256\ntls on\ntls_trust_file " + server.ca_cert() +
            (starttls ? "\n" : "\ntls_starttls off\n")));
    const TracedRun traced = RunTraced(home, {"-q"});
    ASSERT_TRUE(traced.run.ok()) << traced.run.Describe();
    EXPECT_EQ(FilesIn(maildir + "/new").size(), 3u);
    EXPECT_TRUE(Loaded(traced.loader, MPOP_GNUTLS_SONAME)) << traced.loader;
    EXPECT_TRUE(Loaded(traced.loader, MPOP_GSASL_SONAME)) << traced.loader;
  }
}

TEST(LazyLibrariesTest, APlainSessionWithAnApopLoginLoadsNoLazyLibrary) {
  DovecotServer server;
  MPOP_REQUIRE(server.Start({.users = {{"alice", "alicepw", MakeMails(2, {})}}}));
  MpopHome home;
  const std::string maildir = home.MakeMaildir("Mail");
  home.WriteConfig(DovecotAccount("default", server.pop3_port(), "alice", "alicepw", maildir,
                                  "keep on\nauth apop\n"));
  const TracedRun traced = RunTraced(home, {"-q"});
  ASSERT_TRUE(traced.run.ok()) << traced.run.Describe();
  EXPECT_EQ(FilesIn(maildir + "/new").size(), 2u);
  ASSERT_TRUE(Loaded(traced.loader, "libc.so")) << traced.loader;  // the report is there
  for (const char* library : kLazyLibraries) {
    EXPECT_FALSE(Loaded(traced.loader, library)) << library << "\n" << traced.loader;
  }
}

// mpop fetching for `account`, with `library` standing in; its error output is to be
// `message` and the line that names the account.
struct StandInRun {
  RunResult run;
  std::string expected_err;
};

StandInRun RunWithStandIn(const StandInLibrary& library, const std::string& account,
                          const std::string& message) {
  MpopHome home;
  home.MakeMaildir("Mail");
  home.WriteConfig("account isp\nport 1\nuser joe\npassword secret\ndelivery maildir " +
                   home.home() + "/Mail\n" + account);
  return {RunToResult({.argv = {MPOP_BIN, "-q", "isp"},
                       .env = {{"HOME", home.home()}, library.Env()},
                       .unset_env = {"MPOPRC"}}),
          "mpop: " + message + "\nmpop: error during mail retrieval (account isp from " +
              home.home() + "/.mpoprc)\n"};
}

TEST(LazyLibrariesTest, ATlsAccountWithoutGnutlsIsASoftwareError) {
  StandInLibrary gnutls(MPOP_GNUTLS_SONAME);
  const auto [run, expected_err] =
      RunWithStandIn(gnutls, "host 127.0.0.1\ntls on\n",
                     "cannot initialize TLS library: " + gnutls.path() + ": file too short");
  EXPECT_EQ(run.exit_code, 70) << run.Describe();
  EXPECT_EQ(run.err, expected_err);
}

TEST(LazyLibrariesTest, AGnutlsWithoutItsFunctionsIsASoftwareErrorNamingOne) {
  const std::optional<std::string> zlib = Zlib();
  if (!zlib) GTEST_SKIP() << "component missing: libz.so.1";
  StandInLibrary gnutls(MPOP_GNUTLS_SONAME, *zlib);
  const auto [run, expected_err] =
      RunWithStandIn(gnutls, "host 127.0.0.1\ntls on\n",
                     "cannot initialize TLS library: " + gnutls.path() +
                         ": undefined symbol: gnutls_check_version");
  EXPECT_EQ(run.exit_code, 70) << run.Describe();
  EXPECT_EQ(run.err, expected_err);
}

TEST(LazyLibrariesTest, ASaslMethodWithoutGnuSaslIsASoftwareError) {
  StandInLibrary gsasl(MPOP_GSASL_SONAME);
  const auto [run, expected_err] =
      RunWithStandIn(gsasl, "host 127.0.0.1\nauth scram-sha-256\n",
                     "cannot initialize GNU SASL: " + gsasl.path() + ": file too short");
  EXPECT_EQ(run.exit_code, 70) << run.Describe();
  EXPECT_EQ(run.err, expected_err);
}

TEST(LazyLibrariesTest, AHostNameThatIsNotAsciiWithoutLibidn2IsASoftwareError) {
  StandInLibrary idn2(MPOP_IDN2_SONAME);
  const auto [run, expected_err] = RunWithStandIn(
      idn2, "host b\u00fccher.invalid\nauth user\n",
      "cannot convert host name b\u00fccher.invalid to ASCII: cannot load the IDN library: " +
          idn2.path() + ": file too short");
  EXPECT_EQ(run.exit_code, 70) << run.Describe();
  EXPECT_EQ(run.err, expected_err);
}

}  // namespace
}  // namespace mpop::testing
