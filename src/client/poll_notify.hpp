#pragma once
// SystemdNotifier: what mpop --poll tells systemd when it runs as a Type=notify service
// (contrib/systemd/mpop-poll.service), through libsystemd's sd_notify(): READY=1 once the
// first round has been scheduled, STATUS= lines (the next poll, each account's last
// result), RELOADING=1 around a SIGHUP, STOPPING=1, and WATCHDOG=1 when the service has
// WatchdogSec (WATCHDOG_USEC in the environment). Without NOTIFY_SOCKET every call does
// nothing. The environment is left as it is, so a later call still finds the socket.

#include <chrono>
#include <optional>
#include <string>

namespace mpop::client {

class SystemdNotifier {
 public:
  // Reads NOTIFY_SOCKET and the watchdog settings (WATCHDOG_USEC, WATCHDOG_PID) once.
  SystemdNotifier();

  // How often to send WATCHDOG=1: half the watchdog's time-out; nullopt: no watchdog.
  std::optional<std::chrono::microseconds> watchdog_period() const { return watchdog_period_; }

  void Ready(const std::string& status) const;
  void Status(const std::string& status) const;
  void Reloading() const;
  void Stopping() const;
  void Watchdog() const;

 private:
  void Send(const std::string& state) const;

  bool enabled_ = false;
  std::optional<std::chrono::microseconds> watchdog_period_;
};

}  // namespace mpop::client
