#pragma once
// SystemdNotifier: what mpop --poll tells systemd when it runs as a Type=notify service
// (contrib/systemd/mpop-poll.service), through libsystemd's sd_notify(): READY=1 once the
// first round has been scheduled, STATUS= lines (the next poll, each account's last
// result), RELOADING=1 around a SIGHUP, STOPPING=1, and WATCHDOG=1 when the service has
// WatchdogSec (WATCHDOG_USEC in the environment). Without NOTIFY_SOCKET every call does
// nothing. The environment is left as it is, so a later call still finds the socket.
//
// libsystemd is loaded with dlopen() (util/shared_library.hpp), and only when
// NOTIFY_SOCKET is set: without it sd_notify() does nothing and there is no watchdog to
// feed, and linked, libsystemd and what it needs (libgcrypt, lz4, lzma, zstd, libcap)
// cost every run memory and start-up time. Its name is the SONAME of the libsystemd
// found at build time (MPOP_SYSTEMD_SONAME, libsystemd.so.0).

#include <chrono>
#include <memory>
#include <optional>
#include <string>

namespace mpop::client {

struct SystemdApi;  // libsystemd, loaded, and its functions (poll_notify.cpp)

class SystemdNotifier {
 public:
  // Reads NOTIFY_SOCKET and the watchdog settings (WATCHDOG_USEC, WATCHDOG_PID) once.
  // When NOTIFY_SOCKET is set but libsystemd cannot be loaded, says so in one line on
  // stderr ("mpop: polling without systemd notifications: <loader's text>") and notifies
  // nothing.
  SystemdNotifier();
  SystemdNotifier(const SystemdNotifier&) = delete;
  SystemdNotifier& operator=(const SystemdNotifier&) = delete;
  ~SystemdNotifier();

  // How often to send WATCHDOG=1: half the watchdog's time-out; nullopt: no watchdog.
  std::optional<std::chrono::microseconds> watchdog_period() const { return watchdog_period_; }

  void Ready(const std::string& status) const;
  void Status(const std::string& status) const;
  void Reloading() const;
  void Stopping() const;
  void Watchdog() const;

 private:
  void Send(const std::string& state) const;

  std::unique_ptr<const SystemdApi> api_;  // null: nothing to notify
  std::optional<std::chrono::microseconds> watchdog_period_;
};

}  // namespace mpop::client
