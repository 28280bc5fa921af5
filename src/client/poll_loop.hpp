#pragma once
// mpop --poll: stays running and retrieves each account on its own schedule
// (client/poll_schedule.hpp: poll_interval with jitter, LOGIN-DELAY as a floor, back-off
// after temporary failures). Each round runs the accounts that are due through
// RunAccounts(), so they print and report exactly what a normal run does.
//
// Signals (client/stop_controller.hpp, SignalMode::kPoll): SIGTERM and SIGINT stop
// cleanly (a session in progress stops between mails, keeping everything delivered
// recorded; no error is printed for it) and the loop returns 0; SIGHUP re-reads the
// configuration through `reload` (a broken one is reported with its file:line error and
// the accounts in use are kept); SIGUSR1 polls every account now (LOGIN-DELAY still
// holds). Under systemd (client/poll_notify.hpp) it sends READY=1, STATUS= after each
// round, RELOADING=1 and the watchdog's WATCHDOG=1.
//
// What it prints besides the accounts' own output, one line each: when it tries again
// after a refused login ([LOGIN-DELAY], [IN-USE]: no error is printed for those) or a
// failure, and that an account works again. A permanent failure's error is printed once,
// not again while the same error repeats. With --json these lines are "poll" and
// "poll_reload" objects instead (client/poll_json.hpp), and each round of accounts ends
// with its own "run_end".
//
// For tests only: the environment variable MPOP_TEST_POLL_DIVISOR=N divides every
// duration of the schedule by N (poll_interval, LOGIN-DELAY, back-off).

#include <functional>
#include <vector>

#include "client/account_runner.hpp"
#include "config/account.hpp"
#include "util/result.hpp"

namespace mpop::client {

// Loads the selected accounts again, finished for retrieval (SIGHUP).
using AccountLoader = std::function<Result<std::vector<config::Account>>()>;

// `options`: as for RunAccounts(); the loop sets its stop, print_error and (passing each
// report on to the caller's) on_account_end.
int RunPollLoop(std::vector<config::Account> accounts, RunOptions options, AccountLoader reload);

}  // namespace mpop::client
