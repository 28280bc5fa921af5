// mpopd: the minimal POP3 server (manual chapter 10). This file parses the command line,
// installs the signal handlers and maps the outcome to an exit status: 0 on success, 1
// when an --inetd session failed, 3 for start-up errors (doc/COMPAT.md 9). The work happens
// in server::RunDaemon().

#include <signal.h>

#include <csignal>
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "net/abort_signal.hpp"
#include "server/daemon.hpp"
#include "server/help.hpp"
#include "server/options.hpp"
#include "util/i18n.hpp"

namespace {

constexpr int kExitSessionFailed = 1;
constexpr int kExitStartupError = 3;

// The one piece of signal state (STYLE.md 8): SIGTERM and SIGINT ask for a clean shutdown
// by triggering this source, which wakes every wait on its signal in whatever thread
// (net/abort_signal.hpp). Set before the handlers are installed, never changed after.
const mpop::net::AbortSource* stop_source = nullptr;

extern "C" void OnStopSignal(int) { stop_source->Trigger(); }  // async-signal-safe

void InstallSignalHandlers(const mpop::net::AbortSource& source) {
  stop_source = &source;
  struct sigaction action {};
  action.sa_handler = OnStopSignal;
  sigemptyset(&action.sa_mask);
  // No SA_RESTART, for what runs before the server (the password prompt on the terminal
  // must give up on ^C); waits in net/ restart after EINTR and end through the source.
  action.sa_flags = 0;
  sigaction(SIGTERM, &action, nullptr);
  sigaction(SIGINT, &action, nullptr);
  std::signal(SIGHUP, SIG_IGN);
  std::signal(SIGPIPE, SIG_IGN);
}

// Before the source dies: a late signal must not reach it. We are ending anyway.
void IgnoreStopSignals() {
  std::signal(SIGTERM, SIG_IGN);
  std::signal(SIGINT, SIG_IGN);
}

int Main(int argc, char** argv) {
  const std::vector<std::string> args(argv + (argc > 0 ? 1 : 0), argv + argc);
  auto command_line = mpop::server::ParseDaemonCommandLine(args);
  if (!command_line) {
    std::fprintf(stderr, "mpopd: %s\n", command_line.error().message.c_str());
    return kExitStartupError;
  }
  switch (command_line->action) {
    case mpop::server::DaemonAction::kHelp:
      std::fputs(mpop::server::DaemonHelpText().c_str(), stdout);
      return 0;
    case mpop::server::DaemonAction::kVersion:
      std::fputs(mpop::server::DaemonVersionText().c_str(), stdout);
      return 0;
    case mpop::server::DaemonAction::kRun:
      break;
  }
  mpop::Result<mpop::net::AbortSource> stop = mpop::net::AbortSource::Create();
  if (!stop) {
    std::fprintf(stderr, "mpopd: %s\n", stop.error().message.c_str());
    return kExitStartupError;
  }
  InstallSignalHandlers(*stop);
  auto outcome = mpop::server::RunDaemon(command_line->options, stop->signal());
  IgnoreStopSignals();
  if (!outcome) {
    std::fprintf(stderr, "mpopd: %s\n", outcome.error().message.c_str());
    return kExitStartupError;
  }
  return *outcome == mpop::server::DaemonOutcome::kOk ? 0 : kExitSessionFailed;
}

}  // namespace

int main(int argc, char** argv) {
  mpop::InitTranslations();  // before any thread starts
  try {
    return Main(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "mpopd: internal error: %s\n", e.what());
    return 70;  // EX_SOFTWARE
  }
}
