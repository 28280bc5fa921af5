#include "client/poll_notify.hpp"

#include <systemd/sd-daemon.h>

#include <cstdint>
#include <cstdlib>

namespace mpop::client {

SystemdNotifier::SystemdNotifier() {
  const char* socket = std::getenv("NOTIFY_SOCKET");
  enabled_ = socket != nullptr && *socket != '\0';
  std::uint64_t usec = 0;
  // > 0 only when WATCHDOG_USEC is set and WATCHDOG_PID, if set, names this process.
  if (enabled_ && sd_watchdog_enabled(0, &usec) > 0 && usec > 0) {
    watchdog_period_ = std::chrono::microseconds(usec / 2);
  }
}

void SystemdNotifier::Send(const std::string& state) const {
  if (enabled_) sd_notify(0, state.c_str());
}

void SystemdNotifier::Ready(const std::string& status) const { Send("READY=1\nSTATUS=" + status); }

void SystemdNotifier::Status(const std::string& status) const { Send("STATUS=" + status); }

void SystemdNotifier::Reloading() const { Send("RELOADING=1"); }

void SystemdNotifier::Stopping() const { Send("STOPPING=1"); }

void SystemdNotifier::Watchdog() const { Send("WATCHDOG=1"); }

}  // namespace mpop::client
