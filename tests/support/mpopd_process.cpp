#include "support/mpopd_process.hpp"

#include <chrono>
#include <thread>

#include "support/loopback.hpp"
#include "support/temp_dir.hpp"
#include "support/wait_until.hpp"

namespace mpop::testing {
namespace {

using Clock = std::chrono::steady_clock;

// Polls the log for the line RunDaemon writes once the socket listens.
bool WaitForListening(const std::string& log_path, int port, BackgroundProcess& process) {
  const std::string wanted = "listening on 127.0.0.1 port " + std::to_string(port);
  bool found = false;
  WaitUntil([&] {
    found = ReadFile(log_path).find(wanted) != std::string::npos;
    return found || !process.Running();
  });
  return found;
}

}  // namespace

Status MpopdProcess::Start(const std::vector<std::string>& args, const std::string& log_path) {
  MPOP_TRY(RequireExecutable(MPOPD_BIN));
  for (int attempt = 0; attempt < 5; ++attempt) {
    Result<uint16_t> port = PickFreePort();
    if (!port) return std::move(port).error();
    std::vector<std::string> argv = {MPOPD_BIN, "--port=" + std::to_string(*port),
                                     "--log=" + log_path};
    argv.insert(argv.end(), args.begin(), args.end());
    Result<BackgroundProcess> process = BackgroundProcess::Start({.argv = argv}, log_path + ".out");
    if (!process) return std::move(process).error();
    process_.emplace(std::move(*process));
    if (WaitForListening(log_path, *port, *process_)) {
      port_ = *port;
      return {};
    }
    process_.reset();
  }
  return Error::Software("mpopd did not start; see " + log_path +
                         ".out: " + ReadFile(log_path + ".out"));
}

}  // namespace mpop::testing
