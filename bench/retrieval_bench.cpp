// Retrieval benchmark: our mpop against Debian's mpop (upstream 1.4.18), side by side in
// one run, against a private Dovecot on 127.0.0.1. Every mail is delivered durably into a
// maildir and deleted on the server. Runs alternate between the two tools; the table
// shows medians of wall time, CPU time (user + system), peak memory (max RSS) and, for
// the scenarios through the delay proxy, the round trips the proxy counted. For the
// one-account scenarios a "raw" row shows the floor the server allows: one session that
// sends every command at once and delivers nothing.
//
//   S1  5,000 mails of 4 KiB
//   S2  20 mails of 5 MiB
//   S3  300 mails of 4 KiB through a proxy adding 25 ms each way
//   S4  8 accounts of 50 mails each through the same proxy, one invocation
//   S5  S4, but every account delivers into one maildir, as most people set it up
//   S6  100 accounts with nothing new through the proxy, each into its own maildir
//   S7  S6 into one maildir
//
// The delivered maildirs are kept until the scenario ends. Why: ext4 skips inodes deleted
// in the last minute or so when it allocates new ones (recently_deleted(), which reads the
// inode table for each candidate), so removing a run's 5,000 files makes the next run's
// file creations far slower. Measured here after such removals: 150-250 us of CPU per
// create instead of 6-10 us, which then dominated both tools' CPU time in S1.
//
// Usage: retrieval_bench [ROUNDS] [SCENARIO...]     (scripts: bench/run.sh)

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "support/delay_proxy.hpp"
#include "support/dovecot_server.hpp"
#include "support/mail_factory.hpp"
#include "support/mpop_runner.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"
#include "timed_run.hpp"

namespace mpop::testing {
namespace {

constexpr const char* kUpstreamMpop = "/usr/bin/mpop";

struct Scenario {
  std::string name;
  std::string description;
  int accounts;
  int mails_per_account;
  std::size_t mail_size;
  bool through_proxy;
  bool one_maildir = false;  // every account delivers into the same maildir
};

class Bench {
 public:
  Bench(const Scenario& scenario) : scenario_(scenario) {}

  Status Start() {
    DovecotOptions options;
    // Measure the clients, not the server's own durability: without these, Dovecot's
    // fsyncs and flag updates (moving each retrieved mail to cur/) dominate the times.
    options.pop3_no_flag_updates = true;
    options.extra_conf = {"mail_fsync = never"};
    for (int a = 0; a < scenario_.accounts; ++a) {
      options.users.push_back({"user" + std::to_string(a), "pw" + std::to_string(a), {}});
    }
    MPOP_TRY(server_.Start(std::move(options)));
    port_ = server_.pop3_port();
    if (scenario_.through_proxy) {
      auto proxy =
          DelayProxy::Start({.target_port = port_, .delay = std::chrono::milliseconds(25)});
      if (!proxy) return std::move(proxy).error();
      proxy_ = std::move(*proxy);
      port_ = proxy_->port();
    }
    for (int i = 0; i < scenario_.mails_per_account; ++i) {
      mails_.push_back(MakeMail({.seed = 3, .size = scenario_.mail_size}, i + 1));
    }
    return {};
  }

  // One measured run of `binary` ("ours" or upstream), with a fresh mailbox and maildir.
  Result<Sample> Run(const std::string& binary, const std::string& tag, int round) {
    for (int a = 0; a < scenario_.accounts; ++a) {
      for (const std::string& mail : mails_) MPOP_TRY(server_.AddMail(User(a), mail));
    }
    // The server's mailbox was just written on the same file system as the client's
    // maildir: flush it now, so that no client pays for writing it back (a syncfs() or an
    // fsync() in a journalled file system may have to wait for it).
    ::sync();
    std::string config;
    std::vector<std::string> maildirs;
    for (int a = 0; a < scenario_.accounts; ++a) {
      const std::string maildir =
          scenario_.one_maildir && a > 0
              ? maildirs.front()
              : home_.MakeMaildir(tag + "-" + std::to_string(round) + "-" + std::to_string(a));
      maildirs.push_back(maildir);
      config += DovecotAccount(User(a), port_, User(a), "pw" + std::to_string(a), maildir,
                               "uidls_file ~/uidls-" + tag + "-%U\n");
    }
    home_.WriteConfig(config);
    auto sample = Timed({binary, "-q", "-a"}, tag);
    if (!sample) return sample;
    const std::size_t per_maildir =
        mails_.size() * (scenario_.one_maildir ? static_cast<std::size_t>(scenario_.accounts) : 1);
    for (int a = 0; a < scenario_.accounts; ++a) {
      if (server_.CountMails(User(a)) != 0) return Error::Software(tag + " left mails behind");
      if (FilesIn(maildirs[a] + "/new").size() != per_maildir) {
        return Error::Software(tag + " delivered the wrong number of mails");
      }
    }
    return sample;
  }

  // The floor the server allows: one raw session of a single account that sends every
  // command at once (login, RETR and DELE of each mail, QUIT) and throws the answers
  // away, delivering nothing. A small Python client, so its start-up is included.
  Result<Sample> RunRaw() {
    for (const std::string& mail : mails_) MPOP_TRY(server_.AddMail(User(0), mail));
    ::sync();
    static constexpr const char* kScript = R"(
import socket, sys
port, count = int(sys.argv[1]), int(sys.argv[2])
s = socket.create_connection(("127.0.0.1", port))
s.recv(512)  # the greeting
commands = "USER user0\r\nPASS pw0\r\n"
commands += "".join("RETR %d\r\n" % i for i in range(1, count + 1))
commands += "".join("DELE %d\r\n" % i for i in range(1, count + 1))
s.sendall((commands + "QUIT\r\n").encode())
buffer = bytearray(1 << 16)
while s.recv_into(buffer):
    pass
)";
    auto sample = Timed(
        {"python3", "-c", kScript, std::to_string(port_), std::to_string(mails_.size())}, "raw");
    if (sample && server_.CountMails(User(0)) != 0) {
      return Error::Software("raw session left mails behind");
    }
    return sample;
  }

 private:
  Result<Sample> Timed(std::vector<std::string> argv, const std::string& tag) {
    return TimedRun(argv, home_.home(), tag, proxy_.get());
  }

  static std::string User(int a) { return "user" + std::to_string(a); }

  const Scenario& scenario_;
  DovecotServer server_;
  std::unique_ptr<DelayProxy> proxy_;
  MpopHome home_;
  uint16_t port_ = 0;
  std::vector<std::string> mails_;
};

int RunScenario(const Scenario& scenario, int rounds, bool have_upstream) {
  Bench bench(scenario);
  if (Status started = bench.Start(); !started) {
    std::fprintf(stderr, "%s: cannot start: %s\n", scenario.name.c_str(),
                 started.error().message.c_str());
    return 1;
  }
  std::vector<Sample> ours, upstream, raw;
  for (int round = 0; round < rounds; ++round) {
    if (scenario.accounts == 1) {
      auto floor = bench.RunRaw();
      if (!floor) {
        std::fprintf(stderr, "%s: %s\n", scenario.name.c_str(), floor.error().message.c_str());
        return 1;
      }
      raw.push_back(*floor);
    }
    auto sample = bench.Run(MPOP_BIN, "ours", round);
    if (!sample) {
      std::fprintf(stderr, "%s: %s\n", scenario.name.c_str(), sample.error().message.c_str());
      return 1;
    }
    ours.push_back(*sample);
    if (!have_upstream) continue;
    sample = bench.Run(kUpstreamMpop, "upstream", round);
    if (!sample) {
      std::fprintf(stderr, "%s: %s\n", scenario.name.c_str(), sample.error().message.c_str());
      return 1;
    }
    upstream.push_back(*sample);
  }
  const Summary o = Summarize(ours);
  std::printf("%-3s %-52s ours      wall %7.3f s  cpu %7.3f s  rss %6.1f MiB",
              scenario.name.c_str(), scenario.description.c_str(), o.wall, o.cpu, o.rss);
  if (scenario.through_proxy) std::printf("  round trips %3.0f", o.round_trips);
  std::printf("\n");
  if (have_upstream) {
    const Summary u = Summarize(upstream);
    std::printf("%-3s %-52s upstream  wall %7.3f s  cpu %7.3f s  rss %6.1f MiB", "", "", u.wall,
                u.cpu, u.rss);
    if (scenario.through_proxy) std::printf("  round trips %3.0f", u.round_trips);
    std::printf("\n%-3s %-52s ratio     wall %7.2f    cpu %7.2f    rss %6.2f\n", "", "",
                o.wall / u.wall, o.cpu / std::max(u.cpu, 0.001), o.rss / u.rss);
  }
  if (!raw.empty()) {
    const Summary r = Summarize(raw);
    std::printf("%-3s %-52s raw       wall %7.3f s  (one pipelined session, nothing delivered)", "",
                "", r.wall);
    if (scenario.through_proxy) std::printf("  round trips %3.0f", r.round_trips);
    std::printf("\n");
  }
  std::fflush(stdout);
  return 0;
}

}  // namespace
}  // namespace mpop::testing

int main(int argc, char** argv) {
  using mpop::testing::Scenario;
  const std::vector<Scenario> scenarios = {
      {"S1", "5,000 mails of 4 KiB", 1, 5000, 4096, false},
      {"S2", "20 mails of 5 MiB", 1, 20, 5 << 20, false},
      {"S3", "300 mails of 4 KiB, 25 ms each way", 1, 300, 4096, true},
      {"S4", "8 accounts x 50 mails of 4 KiB, 25 ms each way", 8, 50, 4096, true},
      {"S5", "S4 into one maildir", 8, 50, 4096, true, true},
      {"S6", "100 accounts, nothing new, 25 ms each way", 100, 0, 4096, true},
      {"S7", "S6 into one maildir", 100, 0, 4096, true, true},
  };
  int rounds = argc > 1 ? std::atoi(argv[1]) : 3;
  if (rounds < 1) rounds = 1;
  std::vector<std::string> wanted(argv + std::min(argc, 2), argv + argc);
  const bool have_upstream = access(mpop::testing::kUpstreamMpop, X_OK) == 0;
  std::printf("median of %d alternating runs; upstream = %s%s\n", rounds,
              mpop::testing::kUpstreamMpop, have_upstream ? "" : " (not installed)");
  int failures = 0;
  for (const Scenario& scenario : scenarios) {
    if (!wanted.empty() && std::find(wanted.begin(), wanted.end(), scenario.name) == wanted.end()) {
      continue;
    }
    failures += mpop::testing::RunScenario(scenario, rounds, have_upstream);
  }
  return failures == 0 ? 0 : 1;
}
