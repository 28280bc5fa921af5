#include "client/poll_loop.hpp"

#include <time.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <utility>

#include "client/json_lines.hpp"
#include "client/poll_json.hpp"
#include "client/poll_notify.hpp"
#include "client/poll_schedule.hpp"
#include "client/session_reporters.hpp"
#include "client/stop_controller.hpp"
#include "util/i18n.hpp"

namespace mpop::client {
namespace {

using std::chrono::duration_cast;
using std::chrono::milliseconds;

// MPOP_TEST_POLL_DIVISOR (tests only, see poll_loop.hpp); 1 when unset or invalid.
std::int64_t TimeDivisor() {
  const char* text = std::getenv("MPOP_TEST_POLL_DIVISOR");
  if (text == nullptr) return 1;
  const long long divisor = std::atoll(text);
  return divisor >= 1 ? divisor : 1;
}

// One account per name: an account named twice is polled once.
std::vector<config::Account> Unique(std::vector<config::Account> accounts) {
  std::vector<config::Account> unique;
  for (config::Account& account : accounts) {
    const bool seen = std::any_of(unique.begin(), unique.end(),
                                  [&](const config::Account& a) { return a.name == account.name; });
    if (!seen) unique.push_back(std::move(account));
  }
  return unique;
}

std::vector<PollSchedule::Entry> Entries(const std::vector<config::Account>& accounts) {
  std::vector<PollSchedule::Entry> entries;
  for (const config::Account& account : accounts) {
    entries.push_back({account.name, account.poll_interval_seconds});
  }
  return entries;
}

std::string Label(const config::Account& account) {
  return account.name.empty() ? account.host.value_or("") : account.name;
}

// The wall-clock time at which a steady-clock time falls.
std::chrono::system_clock::time_point WallTime(PollClock::time_point at,
                                               PollClock::time_point now) {
  const auto wait = std::max(PollClock::duration::zero(), at - now);
  return std::chrono::system_clock::now() +
         duration_cast<std::chrono::system_clock::duration>(wait);
}

// "14:03:12 (in 56 s)": when a steady-clock time falls, in local time.
std::string When(PollClock::time_point at, PollClock::time_point now) {
  const auto wait = std::max(PollClock::duration::zero(), at - now);
  const std::time_t wall = std::chrono::system_clock::to_time_t(WallTime(at, now));
  std::tm local{};
  localtime_r(&wall, &local);
  char clock[16];
  std::strftime(clock, sizeof clock, "%H:%M:%S", &local);
  const auto ms = duration_cast<milliseconds>(wait).count();
  const std::string in = ms < 10000 ? TrFormat("{} ms", ms) : TrFormat("{} s", (ms + 999) / 1000);
  return TrFormat("{} (in {})", clock, in);
}

// Sends WATCHDOG=1 at once and then every period from its own thread while a round runs
// (every wait of a session is bounded by the account's timeout, so a round ends by itself).
class RoundWatchdog {
 public:
  explicit RoundWatchdog(const SystemdNotifier& notifier) {
    const auto period = notifier.watchdog_period();
    if (!period) return;
    notifier.Watchdog();
    thread_ = std::thread([this, &notifier, period] {
      std::unique_lock lock(mutex_);
      while (!done_) {
        if (!wake_.wait_for(lock, *period, [this] { return done_; })) notifier.Watchdog();
      }
    });
  }
  ~RoundWatchdog() {
    {
      std::lock_guard lock(mutex_);
      done_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
  }
  RoundWatchdog(const RoundWatchdog&) = delete;
  RoundWatchdog& operator=(const RoundWatchdog&) = delete;

 private:
  std::mutex mutex_;
  std::condition_variable wake_;
  bool done_ = false;  // guarded by mutex_
  std::thread thread_;
};

class PollLoop {
 public:
  PollLoop(std::vector<config::Account> accounts, RunOptions options, AccountLoader reload)
      : accounts_(Unique(std::move(accounts))),
        options_(std::move(options)),
        reload_(std::move(reload)),
        random_(std::random_device{}()),
        schedule_(Entries(accounts_), PollClock::now(),
                  {.time_divisor = TimeDivisor(), .random = [this] { return Uniform(); }}) {}

  int Run();

 private:
  double Uniform() { return std::uniform_real_distribution<double>(0.0, 1.0)(random_); }
  void RunRound(const std::vector<std::size_t>& due);
  void Record(std::size_t index, const AccountReport& report, PollClock::time_point ended);
  bool ShouldPrintError(const AccountReport& report) const;
  void Reload();
  std::string StatusText(PollClock::time_point now) const;
  void Note(const std::string& line) const;

  std::vector<config::Account> accounts_;
  RunOptions options_;
  AccountLoader reload_;
  StopController stop_{SignalMode::kPoll};
  SystemdNotifier notifier_;
  std::mt19937_64 random_;
  PollSchedule schedule_;
  // By account name: the last permanent error printed (printed once while it repeats),
  // and the last result for STATUS=. Written between rounds only.
  std::map<std::string, std::string> permanent_error_;
  std::map<std::string, std::string> last_result_;
};

int PollLoop::Run() {
  notifier_.Ready(StatusText(PollClock::now()));
  PollClock::time_point next_ping = PollClock::now();
  while (true) {
    PollClock::time_point wake = schedule_.NextDue();
    if (notifier_.watchdog_period()) wake = std::min(wake, next_ping);
    const SignalRequests requests = stop_.WaitForRequest(wake);
    if (requests.stop) break;
    if (requests.reload) Reload();
    const PollClock::time_point now = PollClock::now();
    if (requests.poll_now) schedule_.PollAllNow(now);
    if (notifier_.watchdog_period() && now >= next_ping) {
      notifier_.Watchdog();
      next_ping = now + *notifier_.watchdog_period();
    }
    const std::vector<std::size_t> due = schedule_.Due(now);
    if (due.empty()) continue;
    RunRound(due);
    if (stop_.stopped()) break;
    notifier_.Status(StatusText(PollClock::now()));
  }
  notifier_.Stopping();
  std::fflush(stdout);
  return 0;
}

void PollLoop::RunRound(const std::vector<std::size_t>& due) {
  std::vector<config::Account> batch;
  for (std::size_t index : due) batch.push_back(accounts_[index]);
  std::mutex mutex;
  std::vector<std::pair<AccountReport, PollClock::time_point>> reports;  // guarded by mutex
  RunOptions options = options_;
  options.stop = &stop_;
  options.print_error = [this](const AccountReport& report) { return ShouldPrintError(report); };
  options.on_account_end = ChainAccountEnd(
      [&](const AccountReport& report) {
        std::lock_guard lock(mutex);
        reports.emplace_back(report, PollClock::now());
      },
      options_.on_account_end);
  {
    RoundWatchdog watchdog(notifier_);
    (void)RunAccounts(batch, options);
  }
  if (stop_.stopped()) return;
  for (const auto& [report, ended] : reports) {
    for (std::size_t index : due) {
      if (accounts_[index].name == report.account) Record(index, report, ended);
    }
  }
  std::fflush(stdout);
  std::fflush(stderr);
}

bool PollLoop::ShouldPrintError(const AccountReport& report) const {
  // A stop is no failure here; a refused login gets its own line after the round.
  if (stop_.stopped() || report.refused_login_delay || report.refused_in_use) return false;
  if (IsTemporary(report.code)) return true;
  auto printed = permanent_error_.find(report.account);
  return printed == permanent_error_.end() || printed->second != report.error;
}

void PollLoop::Record(std::size_t index, const AccountReport& report, PollClock::time_point ended) {
  const std::optional<PollOutcome> before = schedule_.last_outcome(index);
  const PollOutcome outcome = schedule_.Record(index, report, ended);
  const std::string label = Label(accounts_[index]);
  const std::string next = When(schedule_.due(index), PollClock::now());
  switch (outcome) {
    case PollOutcome::kOk:
      permanent_error_.erase(report.account);
      last_result_[report.account] = "ok";
      if (before && *before != PollOutcome::kOk) Note(TrFormat("account {} works again", label));
      break;
    case PollOutcome::kRefused:
      last_result_[report.account] = "login refused for now";
      Note(TrFormat("account {}: the server refused the login for now ({}); trying again at {}",
                    label, report.refused_in_use ? "[IN-USE]" : "[LOGIN-DELAY]", next));
      break;
    case PollOutcome::kTemporary:
      last_result_[report.account] = "temporary failure";
      Note(TrFormat("account {}: trying again at {}", label, next));
      break;
    case PollOutcome::kPermanent:
      last_result_[report.account] = "failed";
      if (permanent_error_[report.account] != report.error) {
        permanent_error_[report.account] = report.error;
        Note(TrFormat("account {}: this needs a fix; trying again at {}", label, next));
      }
      break;
  }
  if (options_.json) {
    JsonLines().Write(PollJson(report, outcome, WallTime(schedule_.due(index), PollClock::now())));
  }
}

void PollLoop::Note(const std::string& line) const {
  if (options_.json) return;  // human text goes nowhere; the JSON objects say it
  std::fputs(("mpop: " + line + "\n").c_str(), stderr);
  std::fflush(stderr);
}

void PollLoop::Reload() {
  notifier_.Reloading();
  Result<std::vector<config::Account>> accounts = reload_();
  if (!accounts) {
    if (options_.json) {
      JsonLines().Write(PollReloadJson(false, accounts_.size(), accounts.error().message));
    } else {
      std::fputs(FormatErrorLines(accounts.error(), "mpop").c_str(), stderr);
    }
    Note(Tr("configuration not reloaded; polling on with the previous one"));
  } else {
    accounts_ = Unique(std::move(*accounts));
    schedule_.Replace(Entries(accounts_), PollClock::now());
    // Forget the accounts that are gone, so that reloads cannot make these grow.
    for (auto* results : {&permanent_error_, &last_result_}) {
      std::erase_if(*results, [&](const auto& entry) {
        return std::none_of(accounts_.begin(), accounts_.end(),
                            [&](const config::Account& a) { return a.name == entry.first; });
      });
    }
    Note(Tr("configuration reloaded"));
    if (options_.json) JsonLines().Write(PollReloadJson(true, accounts_.size(), ""));
  }
  notifier_.Ready(StatusText(PollClock::now()));
}

std::string PollLoop::StatusText(PollClock::time_point now) const {
  std::string text;
  for (std::size_t i = 0; i < accounts_.size(); ++i) {
    if (!text.empty()) text += "; ";
    auto result = last_result_.find(accounts_[i].name);
    text += Label(accounts_[i]) + ": " +
            (result == last_result_.end() ? "not polled yet" : result->second) + ", next poll " +
            When(schedule_.due(i), now);
  }
  return text;
}

}  // namespace

int RunPollLoop(std::vector<config::Account> accounts, RunOptions options, AccountLoader reload) {
  PollLoop loop(std::move(accounts), std::move(options), std::move(reload));
  return loop.Run();
}

}  // namespace mpop::client
