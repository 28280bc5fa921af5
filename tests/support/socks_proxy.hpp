#pragma once
// SocksProxy: a real SOCKS5 proxy on 127.0.0.1 for integration tests (COMPONENTS.md 3.2):
// microsocks (no authentication) or Dante's danted (no authentication, CONNECT to 127/8
// only; as root it switches to nobody for client work).
//
// With `hosts` set, the proxy runs in a private mount namespace (unshare -m, needs root)
// whose /etc/hosts has exactly that text: names listed there resolve for the proxy only,
// which proves that a client reaching them let the proxy do the name lookup.
//
//   SocksProxy proxy;
//   MPOP_REQUIRE(proxy.Start({.kind = SocksKind::kMicrosocks,
//                             .hosts = "127.0.0.1 localhost pop.test.invalid\n"}));
//   ... --proxy-host=127.0.0.1 --proxy-port=proxy.port() ...

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "support/process.hpp"
#include "support/temp_dir.hpp"
#include "util/result.hpp"

namespace mpop::testing {

enum class SocksKind { kMicrosocks, kDante };

struct SocksProxyOptions {
  SocksKind kind = SocksKind::kMicrosocks;
  std::optional<std::string> hosts{};  // private /etc/hosts of the proxy
};

class SocksProxy {
 public:
  static constexpr const char* kMicrosocks = "/usr/bin/microsocks";
  static constexpr const char* kDanted = "/usr/sbin/danted";

  SocksProxy();
  ~SocksProxy();  // Stop()
  SocksProxy(const SocksProxy&) = delete;
  SocksProxy& operator=(const SocksProxy&) = delete;

  // Starts the proxy on a free port and returns once it accepts connections (10 s).
  // Errors: kUnavailable (skip: proxy not installed; `hosts` without root/unshare),
  // anything else with the proxy's log in the message. Call once per object.
  Status Start(SocksProxyOptions options);
  // Kills the proxy's process group. Idempotent.
  void Stop();

  uint16_t port() const { return port_; }
  // The proxy's stdout/stderr and (Dante) its log file.
  std::string Log() const;

 private:
  Status Launch(const SocksProxyOptions& options);

  ScopedTempDir dir_;
  uint16_t port_ = 0;
  std::optional<BackgroundProcess> process_;
};

}  // namespace mpop::testing
