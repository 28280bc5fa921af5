#pragma once
// A real DNS server for tests: dnsmasq (COMPONENTS.md 3.3) answering from records the
// test lists, authoritative for the given domains (NXDOMAIN for anything else below them)
// and forwarding nothing. Run it with netns.hpp inside a private network namespace on
// port 53, where an unmodified program finds it through a bind-mounted resolv.conf:
//
//   DnsZone zone{.domains = {"example.test"},
//                .srv = {{"_pop3s._tcp.example.test", "pop.example.test", 995, 0, 1}}};
//   NamespaceOptions ns{.work_dir = dir, .resolv_conf = kLoopbackResolvConf,
//                       .services = {DnsService(zone, dir + "/dnsmasq.log")}};

#include <string>
#include <utility>
#include <vector>

#include "support/netns.hpp"
#include "util/result.hpp"

namespace mpop::testing {

inline constexpr const char* kDnsmasq = "/usr/sbin/dnsmasq";
inline constexpr const char* kLoopbackResolvConf = "nameserver 127.0.0.1\n";

struct SrvEntry {
  std::string name;    // "_pop3s._tcp.example.test" (ASCII / A-label form)
  std::string target;  // "pop.example.test", or "." for "service not provided"
  int port = 0;
  int priority = 0;
  int weight = 0;
};

struct DnsZone {
  std::vector<std::string> domains{};  // answered locally, never forwarded
  std::vector<SrvEntry> srv{};
  std::vector<std::pair<std::string, std::string>> addresses{};  // name, IPv4 address
};

// dnsmasq in the foreground on 127.0.0.1:port only, logging queries to log_file.
std::vector<std::string> DnsmasqArgv(const DnsZone& zone, int port, const std::string& log_file);

// DnsmasqArgv on port 53 as a service for InPrivateNamespace().
NamespaceService DnsService(const DnsZone& zone, const std::string& log_file);

// kUnavailable if dnsmasq is not installed.
Status RequireDnsmasq();

}  // namespace mpop::testing
