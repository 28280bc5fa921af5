// Kept-mailbox benchmark (issue 17): our mpop beside Debian's mpop (upstream 1.4.18) in the
// same run, against a private Dovecot on 127.0.0.1, for people who keep their mail on the
// server (`keep on`) and meet tens of thousands of known mails in every run. Runs
// alternate between the tools (each has its own Dovecot user, mailbox and UIDLs file, made
// by one unmeasured warm-up run that retrieves everything); the table shows medians of wall
// time, CPU time (user + system), peak memory (max RSS) and, through the delay proxy, the
// round trips it counted (the client's turns after the greeting; add 2 for the connection
// and the greeting to compare with the counts). A "raw" row shows the server's
// pace: one pipelined session that only logs in and lists (USER, PASS, STAT, LIST, UIDL,
// QUIT in one write; its wall time only, from connect to close).
//
//   K1  50,000 kept, nothing new
//   K2  50,000 kept plus 100 new in each run
//   K3  5,000 kept, nothing new (with K1: memory per kept mail)
//   K4  1,000 kept, nothing new, 25 ms each way (round trips)
//
// Usage: kept_bench [ROUNDS] [SCENARIO...]     (scripts: bench/run-kept.sh)
// With MPOP_BASELINE=PATH in the environment, that mpop (e.g. a build of an older commit)
// runs as a third tool, "baseline". With MPOP_BENCH_HOLD set, each scenario waits for a
// line on stdin once it is set up (and prints its HOME), to profile the tools by hand.

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "support/delay_proxy.hpp"
#include "support/dovecot_server.hpp"
#include "support/mail_factory.hpp"
#include "support/mpop_runner.hpp"
#include "support/process.hpp"
#include "support/raw_pop3_client.hpp"
#include "timed_run.hpp"

namespace mpop::testing {
namespace {

constexpr const char* kUpstreamMpop = "/usr/bin/mpop";

struct Scenario {
  std::string name;
  std::string description;
  int kept;
  int new_per_run;
  bool through_proxy;
};

class Bench {
 public:
  Bench(const Scenario& scenario, std::vector<std::string> tools)
      : scenario_(scenario), tools_(std::move(tools)) {}

  Status Start() {
    DovecotOptions options;
    options.pop3_no_flag_updates = true;
    options.extra_conf = {"mail_fsync = never"};
    for (std::size_t t = 0; t < tools_.size(); ++t) {
      DovecotUser user{User(t), "pw", {}};
      for (int i = 0; i < scenario_.kept; ++i) {
        user.mails.push_back(MakeMail({.seed = 3, .size = 1024}, i + 1));
      }
      options.users.push_back(std::move(user));
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
    std::string config;
    for (std::size_t t = 0; t < tools_.size(); ++t) {
      config += DovecotAccount(User(t), port_, User(t), "pw", home_.MakeMaildir(User(t)),
                               "keep on\nuidls_file ~/uidls-" + User(t) + "\n");
    }
    home_.WriteConfig(config);
    // The warm-up: every kept mail retrieved once, so that the measured runs know them.
    for (std::size_t t = 0; t < tools_.size(); ++t) {
      // Ours would stop at its re-download guard (issue 16) without --accept-new.
      std::vector<std::string> argv = {tools_[t], "-q", User(t)};
      if (tools_[t] != kUpstreamMpop) argv.push_back("--accept-new");
      auto warm = TimedCommand(argv, User(t));
      if (!warm) return std::move(warm).error();
    }
    ::sync();
    return {};
  }

  const std::string& home() const { return home_.home(); }

  Result<Sample> Run(std::size_t tool) {
    for (int i = 0; i < scenario_.new_per_run; ++i) {
      MPOP_TRY(server_.AddMail(User(tool), MakeMail({.seed = 4, .size = 4096}, ++added_)));
    }
    if (scenario_.new_per_run > 0) ::sync();
    return Timed(tool);
  }

  // The server's pace: log in and list everything in one pipelined write, in this process
  // (a Python client's start-up alone took longer than the sessions measured here).
  Result<Sample> RunRaw() {
    if (proxy_) proxy_->ResetCounters();
    const auto began = std::chrono::steady_clock::now();
    RawClient client;
    MPOP_TRY(client.Connect(port_));
    if (client.Line().empty()) return Error::Software("raw session: no greeting");
    if (!client.Send("USER user0\r\nPASS pw\r\nSTAT\r\nLIST\r\nUIDL\r\nQUIT\r\n")) {
      return Error::Software("raw session: cannot send");
    }
    if (!client.WaitClosed(std::chrono::minutes(1))) {
      return Error::Software("raw session: the server did not close");
    }
    Sample sample;
    sample.wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
    if (proxy_) sample.round_trips = proxy_->round_trips();
    return sample;
  }

 private:
  Result<Sample> Timed(std::size_t tool) {
    return TimedCommand({tools_[tool], "-q", User(tool)}, User(tool));
  }

  Result<Sample> TimedCommand(std::vector<std::string> argv, const std::string& tag) {
    return TimedRun(argv, home_.home(), tag, proxy_.get());
  }

  static std::string User(std::size_t tool) { return "user" + std::to_string(tool); }

  const Scenario& scenario_;
  std::vector<std::string> tools_;  // binaries; tool t uses Dovecot user t
  DovecotServer server_;
  std::unique_ptr<DelayProxy> proxy_;
  MpopHome home_;
  uint16_t port_ = 0;
  int added_ = 1000000;
};

void Print(const char* name, const char* description, const char* who, const Summary& s,
           bool trips) {
  std::printf("%-3s %-40s %-9s wall %7.3f s  cpu %7.3f s  rss %6.1f MiB", name, description, who,
              s.wall, s.cpu, s.rss);
  if (trips) std::printf("  round trips %3.0f", s.round_trips);
  std::printf("\n");
}

// Runs one scenario; fills `rss` with the median peak RSS per tool (MiB).
int RunScenario(const Scenario& scenario, int rounds, const std::vector<std::string>& tools,
                const std::vector<std::string>& names,
                std::map<std::string, std::vector<double>>& rss) {
  Bench bench(scenario, tools);
  if (Status started = bench.Start(); !started) {
    std::fprintf(stderr, "%s: cannot start: %s\n", scenario.name.c_str(),
                 started.error().message.c_str());
    return 1;
  }
  if (std::getenv("MPOP_BENCH_HOLD") != nullptr) {
    // For profiling: the scenario stays up until a line on stdin.
    std::printf("%s ready: HOME=%s; tools:", scenario.name.c_str(), bench.home().c_str());
    for (std::size_t t = 0; t < tools.size(); ++t) std::printf(" %s user%zu", tools[t].c_str(), t);
    std::printf("\npress Enter to go on\n");
    std::fflush(stdout);
    std::string line;
    std::getline(std::cin, line);
  }
  std::vector<std::vector<Sample>> samples(tools.size());
  std::vector<Sample> raw;
  for (int round = 0; round < rounds; ++round) {
    auto floor = bench.RunRaw();
    if (!floor) {
      std::fprintf(stderr, "%s: %s\n", scenario.name.c_str(), floor.error().message.c_str());
      return 1;
    }
    raw.push_back(*floor);
    for (std::size_t t = 0; t < tools.size(); ++t) {
      auto sample = bench.Run(t);
      if (!sample) {
        std::fprintf(stderr, "%s: %s\n", scenario.name.c_str(), sample.error().message.c_str());
        return 1;
      }
      samples[t].push_back(*sample);
    }
  }
  const Summary r = Summarize(raw);
  for (std::size_t t = 0; t < tools.size(); ++t) {
    const Summary s = Summarize(samples[t]);
    Print(t == 0 ? scenario.name.c_str() : "", t == 0 ? scenario.description.c_str() : "",
          names[t].c_str(), s, scenario.through_proxy);
    rss[names[t]].push_back(s.rss);
    if (t == 0) {
      std::printf("%-3s %-40s %-9s wall %7.2fx raw\n", "", "", "", s.wall / std::max(r.wall, 1e-3));
    }
  }
  if (tools.size() > 1 && names[1] == "upstream") {
    const Summary o = Summarize(samples[0]), u = Summarize(samples[1]);
    std::printf("%-3s %-40s ratio     wall %7.2f    cpu %7.2f    rss %6.2f\n", "", "",
                o.wall / u.wall, o.cpu / std::max(u.cpu, 0.001), o.rss / u.rss);
  }
  Print("", "", "raw", r, scenario.through_proxy);
  std::fflush(stdout);
  return 0;
}

}  // namespace
}  // namespace mpop::testing

int main(int argc, char** argv) {
  using mpop::testing::Scenario;
  const std::vector<Scenario> scenarios = {
      {"K1", "50,000 kept, nothing new", 50000, 0, false},
      {"K2", "50,000 kept plus 100 new", 50000, 100, false},
      {"K3", "5,000 kept, nothing new", 5000, 0, false},
      {"K4", "1,000 kept, nothing new, 25 ms each way", 1000, 0, true},
  };
  int rounds = argc > 1 ? std::atoi(argv[1]) : 5;
  if (rounds < 1) rounds = 1;
  std::vector<std::string> wanted(argv + std::min(argc, 2), argv + argc);
  std::vector<std::string> tools = {MPOP_BIN}, names = {"ours"};
  if (access(mpop::testing::kUpstreamMpop, X_OK) == 0) {
    tools.push_back(mpop::testing::kUpstreamMpop);
    names.push_back("upstream");
  }
  if (const char* baseline = std::getenv("MPOP_BASELINE")) {
    tools.push_back(baseline);
    names.push_back("baseline");
  }
  std::printf("median of %d alternating runs; upstream = %s%s\n", rounds,
              mpop::testing::kUpstreamMpop,
              names.size() > 1 && names[1] == "upstream" ? "" : " (not installed)");
  std::map<std::string, std::vector<double>> rss_k1, rss_k3;
  int failures = 0;
  for (const Scenario& scenario : scenarios) {
    if (!wanted.empty() && std::find(wanted.begin(), wanted.end(), scenario.name) == wanted.end()) {
      continue;
    }
    auto& rss = scenario.name == "K1" ? rss_k1 : rss_k3;
    std::map<std::string, std::vector<double>> ignored;
    failures +=
        mpop::testing::RunScenario(scenario, rounds, tools, names,
                                   scenario.name == "K1" || scenario.name == "K3" ? rss : ignored);
  }
  for (const auto& [who, big] : rss_k1) {
    auto small = rss_k3.find(who);
    if (small == rss_k3.end() || big.empty() || small->second.empty()) continue;
    std::printf("memory per kept mail (K1 - K3) / 45,000: %-9s %6.0f bytes\n", who.c_str(),
                (big[0] - small->second[0]) * 1024 * 1024 / 45000);
  }
  return failures == 0 ? 0 : 1;
}
