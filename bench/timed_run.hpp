#pragma once
// One measured run of a command for the benchmarks: wall, CPU (user + system) and peak
// memory from timed_exec (bench/timed_exec.c, in microseconds), and the delay proxy's round
// trips; and the medians of many.

#include <fstream>
#include <string>
#include <vector>

#include "median.hpp"
#include "support/delay_proxy.hpp"
#include "support/process.hpp"

namespace mpop::testing {

struct Sample {
  double wall = 0, cpu = 0, rss_mib = 0;
  int round_trips = 0;
};

struct Summary {
  double wall = 0, cpu = 0, rss = 0, round_trips = 0;
};

inline Summary Summarize(const std::vector<Sample>& samples) {
  std::vector<double> wall, cpu, rss, trips;
  for (const Sample& s : samples) {
    wall.push_back(s.wall);
    cpu.push_back(s.cpu);
    rss.push_back(s.rss_mib);
    trips.push_back(s.round_trips);
  }
  return {Median(wall), Median(cpu), Median(rss), Median(trips)};
}

// Runs argv under timed_exec with HOME set to `home` (`proxy`, if any, counts its round
// trips from zero); `tag` names it in errors.
inline Result<Sample> TimedRun(const std::vector<std::string>& argv, const std::string& home,
                               const std::string& tag, DelayProxy* proxy) {
  if (proxy) proxy->ResetCounters();
  const std::string timing = home + "/time.txt";
  Command command{.argv = {MPOP_TIMED_EXEC, timing}, .env = {{"HOME", home}}};
  command.argv.insert(command.argv.end(), argv.begin(), argv.end());
  auto result = RunCommand(command, {.timeout = std::chrono::minutes(10)});
  if (!result) return std::move(result).error();
  if (!result->ok()) return Error::Software(tag + " failed: " + result->Describe());
  std::ifstream in(timing);
  Sample sample;
  double user = 0, system = 0, rss_kib = 0;
  in >> sample.wall >> user >> system >> rss_kib;
  sample.cpu = user + system;
  sample.rss_mib = rss_kib / 1024.0;
  if (proxy) sample.round_trips = proxy->round_trips();
  return sample;
}

}  // namespace mpop::testing
