#include "support/socks_proxy.hpp"

#include <signal.h>

#include <chrono>
#include <thread>

#include "support/loopback.hpp"
#include "support/netns.hpp"
#include "support/wait_until.hpp"

namespace mpop::testing {
namespace {

using Clock = std::chrono::steady_clock;

constexpr int kStartAttempts = 3;

// Dante as root: the client-facing work runs as nobody; only loopback destinations.
std::string DanteConfig(uint16_t port, const std::string& log) {
  return "logoutput: " + log + "\n" + "internal: 127.0.0.1 port = " + std::to_string(port) + "\n" +
         "external: 127.0.0.1\n"
         "socksmethod: none\n"
         "clientmethod: none\n"
         "user.privileged: root\n"
         "user.unprivileged: nobody\n"
         "client pass {\n  from: 127.0.0.0/8 to: 0.0.0.0/0\n}\n"
         "socks pass {\n  from: 127.0.0.0/8 to: 127.0.0.0/8\n  command: connect\n}\n"
         "socks block {\n  from: 0.0.0.0/0 to: 0.0.0.0/0\n}\n";
}

}  // namespace

SocksProxy::SocksProxy() = default;

SocksProxy::~SocksProxy() { Stop(); }

Status SocksProxy::Start(SocksProxyOptions options) {
  MPOP_TRY(RequireExecutable(options.kind == SocksKind::kDante ? kDanted : kMicrosocks));
  if (options.hosts) MPOP_TRY(RequirePrivateNamespaces());
  Status launched = Error::Software("not started");
  for (int attempt = 0; attempt < kStartAttempts; ++attempt) {
    launched = Launch(options);
    if (launched) break;
  }
  return launched;
}

Status SocksProxy::Launch(const SocksProxyOptions& options) {
  Stop();
  Result<uint16_t> port = PickFreePort();
  if (!port) return std::move(port).error();
  port_ = *port;
  Command command;
  if (options.kind == SocksKind::kDante) {
    WriteFile(dir_.File("danted.conf"), DanteConfig(port_, dir_.File("danted.log")));
    command.argv = {kDanted, "-f", dir_.File("danted.conf"), "-N", "1"};
  } else {
    command.argv = {kMicrosocks, "-i", "127.0.0.1", "-p", std::to_string(port_)};
  }
  if (options.hosts) {
    command = InPrivateNamespace(
        {.work_dir = dir_.path().string(), .new_network = false, .hosts = options.hosts}, command);
  }
  Result<BackgroundProcess> process = BackgroundProcess::Start(command, dir_.File("proxy.out"));
  if (!process) return std::move(process).error();
  process_ = std::move(*process);

  bool listening = false;
  WaitUntil([&] {
    listening = ConnectLoopback(port_).has_value();
    return listening || !process_->Running();
  });
  if (listening) return {};
  if (!process_->Running()) return Error::Software("SOCKS proxy exited at start-up:\n" + Log());
  return Error::Software("SOCKS proxy did not listen on port " + std::to_string(port_) +
                         " within 10 s:\n" + Log());
}

void SocksProxy::Stop() {
  if (process_) process_->Stop(SIGTERM, std::chrono::milliseconds(500));
  process_.reset();
}

std::string SocksProxy::Log() const {
  return ReadFile(dir_.File("proxy.out")) + ReadFile(dir_.File("danted.log"));
}

}  // namespace mpop::testing
