#pragma once
// Private namespaces for running UNMODIFIED programs against test servers (COMPONENTS.md
// 3.3): a new mount namespace (`unshare -m`, private propagation) in which files are
// bind-mounted over /etc/resolv.conf or /etc/hosts, optionally with a new network
// namespace (`unshare -n`) whose loopback is brought up, and background services (e.g.
// dnsmasq on port 53) started inside before the command and stopped after it.
//
// Glibc has no way to point a program's resolver at a port or another resolv.conf, so
// this is how --configure meets a real DNS server without a test-only switch in mpop.
// Needs root, unshare, mount and (for a new network) ip.
//
//   NamespaceOptions ns{.work_dir = dir.path()};
//   ns.resolv_conf = "nameserver 127.0.0.1\n";
//   ns.services.push_back({.argv = DnsmasqArgv(zone, 53, log), .port = 53, .udp = true});
//   auto run = RunCommand(InPrivateNamespace(ns, {.argv = {MPOP_BIN, "--configure=a@b"}}));

#include <optional>
#include <string>
#include <vector>

#include "support/process.hpp"
#include "util/result.hpp"

namespace mpop::testing {

struct NamespaceService {
  std::vector<std::string> argv{};
  int port = 0;       // ready once something listens on this 127.0.0.1 port
  bool udp = false;   // ... a UDP port (else a listening TCP port)
  std::string log{};  // stdout+stderr appended here; empty: /dev/null
};

struct NamespaceOptions {
  std::string work_dir{};   // where the bind-mounted files are written; must exist
  bool new_network = true;  // unshare -n; only a loopback (brought up) exists inside
  std::optional<std::string> resolv_conf{};  // contents for /etc/resolv.conf
  std::optional<std::string> hosts{};        // contents for /etc/hosts
  std::vector<NamespaceService> services{};  // started in order, each awaited (10 s)
};

// kUnavailable unless namespaces can be made here: root, and unshare/mount/ip installed.
Status RequirePrivateNamespaces();

// The command wrapped so that it runs inside the namespaces: argv becomes
// `unshare -m [-n] -- bash -c SCRIPT`, env/unset_env/working_dir are kept. Writes the
// files for resolv_conf/hosts into work_dir now. If a service does not come up, the
// wrapped command fails with exit status 125 and says so on stderr; services are
// killed when the command ends (also when the whole group is killed on a time-out).
Command InPrivateNamespace(const NamespaceOptions& options, const Command& command);

// `text` quoted for bash (single quotes).
std::string ShellQuote(const std::string& text);

}  // namespace mpop::testing
