// Server benchmark: mpopd against Dovecot, side by side in one run, both on 127.0.0.1 and
// both serving the same mails to our mpop (MPOP_BIN), which retrieves everything with -q
// into a fresh maildir and deletes it on the server. Runs alternate between the two
// servers; each run gets a fresh copy of the same mails (same bytes, same file names, same
// delivery order). The table shows medians of:
//
//   wall  the client's wall time (mpop started to mpop ended);
//   cpu   CPU time (user + system) of the process that served the session: mpopd (started
//         afresh for each run, all its threads, wait4() after SIGTERM) or Dovecot's pop3
//         process (/proc/PID/schedstat; pop3 runs with service_count = 0 so it outlives the
//         session and can be read, and is then ended so every run gets a fresh one, as
//         with Dovecot's default of one process per session);
//   all   CPU time of every process of the server during the run, from a cgroup-v1
//         cpuacct group per server: for Dovecot also the master, pop3-login, auth, log
//         and the rest ("-" when no cgroup could be made);
//   rss   peak resident memory (VmHWM) of that serving process, read after the session
//         and before the process is ended; for mpopd also its VmHWM before the session
//         (start-up: libraries, GnuTLS, GNU SASL), so the growth a session causes shows.
//
// Both servers do comparable work: Dovecot with mail_fsync = never and pop3_no_flag_updates
// (no index fsyncs, no moving retrieved mails to cur/); each server removes the files of
// the deleted mails at QUIT (mpopd unlinks and fsyncs the directory once, Dovecot expunges).
//
//   M1  5,000 mails of 4 KiB
//   M2  20 mails of 5 MiB
//
// Usage: server_bench [ROUNDS] [SCENARIO...]     (needs root for Dovecot and the cgroups;
// script: bench/run-server.sh). MPOPD=/path/to/mpopd in the environment benchmarks another
// mpopd build, e.g. one from before a change.

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "median.hpp"
#include "support/dovecot_server.hpp"
#include "support/loopback.hpp"
#include "support/mail_factory.hpp"
#include "support/mpop_runner.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace mpop::testing {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr const char* kUser = "bench";
constexpr const char* kPassword = "benchpw";
constexpr const char* kCpuacctRoot = "/sys/fs/cgroup/cpuacct";

// The mpopd under test: $MPOPD, else the one built beside this benchmark.
std::string MpopdBinary() {
  const char* override = std::getenv("MPOPD");
  return override != nullptr && *override != '\0' ? override : MPOPD_BIN;
}

struct Scenario {
  std::string name;
  std::string description;
  int mails;
  std::size_t mail_size;
};

struct Sample {
  double wall = 0, cpu = 0, rss_mib = 0;
  double idle_rss_mib = 0;  // mpopd only: after start-up, before the session
  std::optional<double> cpu_all{};
};

std::string FirstLine(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

bool WriteText(const std::string& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
  out.flush();
  return static_cast<bool>(out);
}

// A cgroup-v1 cpuacct group: the CPU time of every process in it, exited ones included.
// Processes join by being started while the benchmark itself is inside (Enter/Leave), so
// a server's helpers forked at its start-up are counted too.
class CpuGroup {
 public:
  // nullopt when cgroup v1 cpuacct is not mounted or not writable (then "all" shows "-").
  static std::optional<CpuGroup> Create(const std::string& name) {
    std::string home;  // our own group, to return to
    std::ifstream in("/proc/self/cgroup");
    for (std::string line; std::getline(in, line);) {
      const std::size_t colon = line.find(':');
      if (colon != std::string::npos && line.compare(colon + 1, 8, "cpuacct:") == 0) {
        home = line.substr(colon + 9);
      }
    }
    if (home.empty()) return std::nullopt;
    const std::string path = std::string(kCpuacctRoot) + "/" + name;
    if (::mkdir(path.c_str(), 0755) != 0 && errno != EEXIST) return std::nullopt;
    CpuGroup group(path, std::string(kCpuacctRoot) + home);
    if (!group.Usage()) return std::nullopt;
    return group;
  }

  CpuGroup(CpuGroup&& other) noexcept : path_(std::move(other.path_)), home_(other.home_) {
    other.path_.clear();
  }
  CpuGroup& operator=(CpuGroup&& other) noexcept {
    std::swap(path_, other.path_);
    std::swap(home_, other.home_);
    return *this;
  }
  ~CpuGroup() {
    if (!path_.empty()) ::rmdir(path_.c_str());  // fails while a process is still inside
  }

  bool Enter() const { return WriteText(path_ + "/cgroup.procs", std::to_string(::getpid())); }
  bool Leave() const { return WriteText(home_ + "/cgroup.procs", std::to_string(::getpid())); }
  // Seconds of CPU used by the group so far.
  std::optional<double> Usage() const {
    const std::string text = FirstLine(path_ + "/cpuacct.usage");
    if (text.empty()) return std::nullopt;
    return std::strtod(text.c_str(), nullptr) / 1e9;
  }

 private:
  CpuGroup(std::string path, std::string home) : path_(std::move(path)), home_(std::move(home)) {}

  std::string path_;
  std::string home_;
};

// Peak resident memory (VmHWM) of a live process, in MiB.
double PeakRssMib(pid_t pid) {
  double hwm_kib = 0;
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(status, line);) {
    if (line.starts_with("VmHWM:")) hwm_kib = std::strtod(line.c_str() + 6, nullptr);
  }
  return hwm_kib / 1024.0;
}

// CPU seconds of a live single-threaded process (schedstat: nanoseconds on the CPU, user
// and system).
double ProcessCpu(pid_t pid) {
  return std::strtod(FirstLine("/proc/" + std::to_string(pid) + "/schedstat").c_str(), nullptr) /
         1e9;
}

// The real mpopd, our child (not through BackgroundProcess: we need wait4()'s rusage).
class MpopdProcess {
 public:
  MpopdProcess() = default;
  MpopdProcess(const MpopdProcess&) = delete;
  MpopdProcess& operator=(const MpopdProcess&) = delete;
  ~MpopdProcess() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }

  // Starts mpopd on a free port and waits for its greeting.
  Status Start(const std::string& maildir, const std::string& log) {
    for (int attempt = 0; attempt < 5; ++attempt) {
      Result<uint16_t> port = PickFreePort();
      if (!port) return std::move(port).error();
      const std::vector<std::string> args = {
          MpopdBinary(), "--port=" + std::to_string(*port), "--log=" + log,
          std::string("--auth=") + kUser + ",echo " + kPassword, "--maildir=" + maildir};
      pid_ = ::fork();
      if (pid_ < 0) return Error::OsErr("fork: " + ErrnoText(errno));
      if (pid_ == 0) {
        ::setpgid(0, 0);
        const int out = ::open((log + ".out").c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
        ::dup2(out, 1);
        ::dup2(out, 2);
        std::vector<char*> argv;
        for (const std::string& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
        argv.push_back(nullptr);
        ::execv(argv[0], argv.data());
        ::_exit(127);
      }
      Result<std::string> greeting = WaitForGreeting(*port, std::chrono::seconds(10), [this] {
        return ::waitpid(pid_, nullptr, WNOHANG) == 0;
      });
      if (greeting && *greeting == "+OK mpopd ready.") {
        port_ = *port;
        return {};
      }
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
      pid_ = -1;
    }
    return Error::Software("mpopd did not start: " + ReadFile(log + ".out"));
  }

  uint16_t port() const { return port_; }

  // Peak RSS so far. Not wait4()'s ru_maxrss: that also covers the time between fork()
  // and exec(), when the child still shared the benchmark's memory (all the test mails).
  double PeakRss() const { return PeakRssMib(pid_); }

  // SIGTERM (clean shutdown), then the CPU seconds (user + system) of the whole process,
  // all its threads, from wait4().
  Result<double> Stop() {
    ::kill(pid_, SIGTERM);
    int status = 0;
    rusage usage{};
    const Clock::time_point deadline = Clock::now() + std::chrono::seconds(10);
    pid_t ended = 0;
    while ((ended = ::wait4(pid_, &status, WNOHANG, &usage)) == 0) {
      if (Clock::now() > deadline) ::kill(pid_, SIGKILL);
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    pid_ = -1;
    if (ended < 0) return Error::OsErr("wait4: " + ErrnoText(errno));
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      return Error::Software("mpopd did not end cleanly (wait status " + std::to_string(status) +
                             ")");
    }
    const auto seconds = [](const timeval& t) { return t.tv_sec + t.tv_usec / 1e6; };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
  }

 private:
  pid_t pid_ = -1;
  uint16_t port_ = 0;
};

// Dovecot's pop3 processes (children of the master `master_pid`).
std::vector<pid_t> Pop3Processes(pid_t master_pid) {
  std::vector<pid_t> pids;
  for (const auto& entry : fs::directory_iterator("/proc")) {
    const std::string name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    // "PID (COMM) STATE PPID ..."
    const std::string stat = FirstLine(entry.path().string() + "/stat");
    const std::size_t close = stat.rfind(')');
    if (close == std::string::npos || stat.find("(pop3)") == std::string::npos) continue;
    std::istringstream rest(stat.substr(close + 1));
    char state = 0;
    pid_t ppid = 0;
    rest >> state >> ppid;
    if (ppid == master_pid) pids.push_back(static_cast<pid_t>(std::stol(name)));
  }
  return pids;
}

void EndProcess(pid_t pid) {
  ::kill(pid, SIGTERM);
  const Clock::time_point deadline = Clock::now() + std::chrono::seconds(5);
  while (::kill(pid, 0) == 0 && Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

class Bench {
 public:
  explicit Bench(const Scenario& scenario) : scenario_(scenario) {}

  Status Start() {
    MPOP_TRY(RequireExecutable(MpopdBinary()));
    const std::string tag = std::to_string(::getpid());
    dovecot_group_ = CpuGroup::Create("mpop-server-bench-dovecot-" + tag);
    mpopd_group_ = CpuGroup::Create("mpop-server-bench-mpopd-" + tag);
    DovecotOptions options;
    // Comparable work: mpopd neither fsyncs mails nor keeps flags, so Dovecot should not
    // either (its index fsyncs and the moves to cur/ would otherwise dominate).
    options.pop3_no_flag_updates = true;
    // service_count = 0: the pop3 process outlives the session, so its figures can be read.
    options.extra_conf = {"mail_fsync = never", "service pop3 {\n  service_count = 0\n}"};
    options.users.push_back({kUser, kPassword, {}});
    if (dovecot_group_) dovecot_group_->Enter();
    Status started = dovecot_.Start(std::move(options));
    if (dovecot_group_) dovecot_group_->Leave();
    MPOP_TRY(started);
    master_pid_ =
        static_cast<pid_t>(std::atol(FirstLine(dovecot_.dir() + "/run/master.pid").c_str()));
    if (master_pid_ <= 0) return Error::Software("no Dovecot master.pid");
    for (int i = 0; i < scenario_.mails; ++i) {
      mails_.push_back(MakeMail({.seed = 3, .size = scenario_.mail_size}, i + 1));
    }
    mpopd_maildir_ = scratch_.File("mpopd-maildir");
    for (const char* sub : {"/tmp", "/new", "/cur"}) fs::create_directories(mpopd_maildir_ + sub);
    return {};
  }

  Result<Sample> RunMpopd(int round) {
    // The same names Dovecot's AddMail gives, the same delivery order (mtime).
    for (std::size_t i = 0; i < mails_.size(); ++i) {
      char name[64];
      std::snprintf(name, sizeof name, "/new/%u.M%06uP1.mpoptest",
                    1'000'000'000 + static_cast<unsigned>(i), static_cast<unsigned>(i));
      const std::string path = mpopd_maildir_ + name;
      WriteFile(path, mails_[i]);
      const timespec times[2] = {{static_cast<time_t>(1'000'000'000 + i), 0},
                                 {static_cast<time_t>(1'000'000'000 + i), 0}};
      ::utimensat(AT_FDCWD, path.c_str(), times, 0);
    }
    MpopdProcess server;
    if (mpopd_group_) mpopd_group_->Enter();
    Status started = server.Start(mpopd_maildir_, scratch_.File("mpopd.log"));
    if (mpopd_group_) mpopd_group_->Leave();
    MPOP_TRY(started);
    const std::optional<double> all_before = mpopd_group_ ? mpopd_group_->Usage() : std::nullopt;
    const double idle_rss = server.PeakRss();
    Result<double> wall = RunClient("mpopd", server.port(), round);
    if (!wall) return std::move(wall).error();
    const double rss = server.PeakRss();
    Result<double> cpu = server.Stop();
    if (!cpu) return std::move(cpu).error();
    Sample sample{.wall = *wall, .cpu = *cpu, .rss_mib = rss, .idle_rss_mib = idle_rss};
    if (all_before) sample.cpu_all = *mpopd_group_->Usage() - *all_before;
    if (FilesIn(mpopd_maildir_ + "/new").size() + FilesIn(mpopd_maildir_ + "/cur").size() != 0) {
      return Error::Software("mpopd left mails behind");
    }
    return sample;
  }

  Result<Sample> RunDovecot(int round) {
    for (const std::string& mail : mails_) MPOP_TRY(dovecot_.AddMail(kUser, mail));
    const std::optional<double> all_before =
        dovecot_group_ ? dovecot_group_->Usage() : std::nullopt;
    Result<double> wall = RunClient("dovecot", dovecot_.pop3_port(), round);
    if (!wall) return std::move(wall).error();
    Sample sample{.wall = *wall};
    if (all_before) sample.cpu_all = *dovecot_group_->Usage() - *all_before;
    const std::vector<pid_t> pop3 = Pop3Processes(master_pid_);
    if (pop3.size() != 1) {
      return Error::Software("expected one Dovecot pop3 process, found " +
                             std::to_string(pop3.size()));
    }
    sample.cpu = ProcessCpu(pop3[0]);
    sample.rss_mib = PeakRssMib(pop3[0]);
    EndProcess(pop3[0]);
    if (dovecot_.CountMails(kUser) != 0) return Error::Software("dovecot left mails behind");
    return sample;
  }

 private:
  // Runs our mpop against the server; checks every delivered mail and returns the wall time.
  Result<double> RunClient(const std::string& tag, uint16_t port, int round) {
    const std::string maildir = home_.MakeMaildir(tag + "-" + std::to_string(round));
    home_.WriteConfig(
        DovecotAccount(tag, port, kUser, kPassword, maildir, "uidls_file ~/uidls-" + tag + "\n"));
    Command command{.argv = {MPOP_BIN, "-q", tag}, .env = {{"HOME", home_.home()}}};
    const Clock::time_point start = Clock::now();
    auto result = RunCommand(command, {.timeout = std::chrono::minutes(10)});
    const double wall = std::chrono::duration<double>(Clock::now() - start).count();
    if (!result) return std::move(result).error();
    if (!result->ok())
      return Error::Software("mpop from " + tag + " failed: " + result->Describe());
    const std::vector<std::string> delivered = FilesIn(maildir + "/new");
    if (delivered.size() != mails_.size()) {
      return Error::Software("mpop from " + tag + " delivered " + std::to_string(delivered.size()) +
                             " mails, expected " + std::to_string(mails_.size()));
    }
    // Byte-exact, in any order (file names are the client's own).
    std::vector<std::string> got, expected;
    for (const std::string& path : delivered) {
      Result<std::string> mail = StripReceivedHeader(ReadFile(path));
      if (!mail) return Error::Software("mpop from " + tag + ": " + mail.error().message);
      got.push_back(std::move(*mail));
    }
    for (const std::string& mail : mails_) expected.push_back(ExpectedDelivery(mail));
    std::sort(got.begin(), got.end());
    std::sort(expected.begin(), expected.end());
    if (got != expected) return Error::Software("mpop from " + tag + ": mails differ");
    // The maildir stays until the end: removing it here would slow the next run's file
    // creations (ext4 skips recently deleted inodes, see retrieval_bench.cpp).
    return wall;
  }

  const Scenario& scenario_;
  // Declared before the servers: a group can only be removed once its processes are gone.
  std::optional<CpuGroup> dovecot_group_;
  std::optional<CpuGroup> mpopd_group_;
  DovecotServer dovecot_;
  pid_t master_pid_ = 0;
  ScopedTempDir scratch_;
  std::string mpopd_maildir_;
  MpopHome home_;
  std::vector<std::string> mails_;
};

struct Summary {
  double wall, cpu, rss, idle_rss;
  std::optional<double> cpu_all;
};

Summary Summarize(const std::vector<Sample>& samples) {
  std::vector<double> wall, cpu, rss, idle_rss, all;
  for (const Sample& s : samples) {
    wall.push_back(s.wall);
    cpu.push_back(s.cpu);
    rss.push_back(s.rss_mib);
    idle_rss.push_back(s.idle_rss_mib);
    if (s.cpu_all) all.push_back(*s.cpu_all);
  }
  Summary summary{Median(wall), Median(cpu), Median(rss), Median(idle_rss), std::nullopt};
  if (all.size() == samples.size()) summary.cpu_all = Median(all);
  return summary;
}

std::string AllColumn(const std::optional<double>& value, const char* format) {
  if (!value) return "      -";
  char text[32];
  std::snprintf(text, sizeof text, format, *value);
  return text;
}

void PrintRow(const char* name, const char* description, const char* server, const Summary& s) {
  std::printf("%-3s %-22s %-8s wall %7.3f s  cpu %7.3f s  all %s s  rss %6.1f MiB", name,
              description, server, s.wall, s.cpu, AllColumn(s.cpu_all, "%7.3f").c_str(), s.rss);
  if (s.idle_rss > 0) std::printf(" (%.1f before the session)", s.idle_rss);
  std::printf("\n");
}

int RunScenario(const Scenario& scenario, int rounds) {
  Bench bench(scenario);
  if (Status started = bench.Start(); !started) {
    std::fprintf(stderr, "%s: cannot start: %s\n", scenario.name.c_str(),
                 started.error().message.c_str());
    return 1;
  }
  std::vector<Sample> mpopd, dovecot;
  for (int round = 0; round < rounds; ++round) {
    // Alternate which server goes first, so neither always runs on a warmer machine.
    for (int turn = 0; turn < 2; ++turn) {
      const bool mpopd_turn = (turn == 0) == (round % 2 == 0);
      Result<Sample> sample = mpopd_turn ? bench.RunMpopd(round) : bench.RunDovecot(round);
      if (!sample) {
        std::fprintf(stderr, "%s: %s\n", scenario.name.c_str(), sample.error().message.c_str());
        return 1;
      }
      (mpopd_turn ? mpopd : dovecot).push_back(*sample);
    }
  }
  const Summary m = Summarize(mpopd);
  const Summary d = Summarize(dovecot);
  PrintRow(scenario.name.c_str(), scenario.description.c_str(), "mpopd", m);
  PrintRow("", "", "dovecot", d);
  std::optional<double> all_ratio;
  if (m.cpu_all && d.cpu_all) all_ratio = *m.cpu_all / std::max(*d.cpu_all, 0.001);
  std::printf("%-3s %-22s %-8s wall %7.2f    cpu %7.2f    all %s    rss %6.2f\n", "", "", "ratio",
              m.wall / d.wall, m.cpu / std::max(d.cpu, 0.001),
              AllColumn(all_ratio, "%7.2f").c_str(), m.rss / d.rss);
  std::fflush(stdout);
  return 0;
}

}  // namespace
}  // namespace mpop::testing

int main(int argc, char** argv) {
  using mpop::testing::Scenario;
  const std::vector<Scenario> scenarios = {
      {"M1", "5,000 mails of 4 KiB", 5000, 4096},
      {"M2", "20 mails of 5 MiB", 20, 5 << 20},
  };
  int rounds = argc > 1 ? std::atoi(argv[1]) : 3;
  if (rounds < 1) rounds = 1;
  std::vector<std::string> wanted(argv + std::min(argc, 2), argv + argc);
  std::printf("median of %d alternating runs; client %s; server %s; ratio = mpopd / dovecot\n",
              rounds, MPOP_BIN, mpop::testing::MpopdBinary().c_str());
  int failures = 0;
  for (const Scenario& scenario : scenarios) {
    if (!wanted.empty() && std::find(wanted.begin(), wanted.end(), scenario.name) == wanted.end()) {
      continue;
    }
    failures += mpop::testing::RunScenario(scenario, rounds);
  }
  return failures == 0 ? 0 : 1;
}
