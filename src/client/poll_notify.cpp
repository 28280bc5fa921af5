#include "client/poll_notify.hpp"

#include <systemd/sd-daemon.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <utility>

#include "util/i18n.hpp"
#include "util/result.hpp"
#include "util/shared_library.hpp"

namespace mpop::client {

struct SystemdApi {
  SharedLibrary library;
  decltype(&::sd_notify) notify = nullptr;
  decltype(&::sd_watchdog_enabled) watchdog_enabled = nullptr;
};

namespace {

Result<SystemdApi> LoadLibsystemd() {
  Result<SharedLibrary> library = SharedLibrary::Open(MPOP_SYSTEMD_SONAME);
  if (!library) return std::move(library).error();
  SystemdApi api{.library = std::move(*library)};
  MPOP_TRY(api.library.Resolve("sd_notify", api.notify));
  MPOP_TRY(api.library.Resolve("sd_watchdog_enabled", api.watchdog_enabled));
  return api;
}

}  // namespace

SystemdNotifier::SystemdNotifier() {
  const char* socket = std::getenv("NOTIFY_SOCKET");
  if (socket == nullptr || *socket == '\0') return;
  Result<SystemdApi> api = LoadLibsystemd();
  if (!api) {
    // Printed here, once: systemd will miss READY=1, and the journal should say why.
    const std::string line =
        "mpop: " + TrFormat("polling without systemd notifications: {}", api.error().message);
    std::fputs((line + "\n").c_str(), stderr);
    std::fflush(stderr);
    return;
  }
  api_ = std::make_unique<const SystemdApi>(std::move(*api));
  std::uint64_t usec = 0;
  // > 0 only when WATCHDOG_USEC is set and WATCHDOG_PID, if set, names this process.
  if (api_->watchdog_enabled(0, &usec) > 0 && usec > 0) {
    watchdog_period_ = std::chrono::microseconds(usec / 2);
  }
}

SystemdNotifier::~SystemdNotifier() = default;

void SystemdNotifier::Send(const std::string& state) const {
  if (api_) api_->notify(0, state.c_str());
}

void SystemdNotifier::Ready(const std::string& status) const { Send("READY=1\nSTATUS=" + status); }

void SystemdNotifier::Status(const std::string& status) const { Send("STATUS=" + status); }

void SystemdNotifier::Reloading() const { Send("RELOADING=1"); }

void SystemdNotifier::Stopping() const { Send("STOPPING=1"); }

void SystemdNotifier::Watchdog() const { Send("WATCHDOG=1"); }

}  // namespace mpop::client
