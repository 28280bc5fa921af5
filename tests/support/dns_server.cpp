#include "support/dns_server.hpp"

#include "support/process.hpp"

namespace mpop::testing {

std::vector<std::string> DnsmasqArgv(const DnsZone& zone, int port, const std::string& log_file) {
  std::vector<std::string> argv = {kDnsmasq,
                                   "--keep-in-foreground",
                                   "--no-resolv",
                                   "--no-hosts",
                                   "--no-poll",
                                   "--user=root",
                                   "--group=root",
                                   "--port=" + std::to_string(port),
                                   "--listen-address=127.0.0.1",
                                   "--bind-interfaces",
                                   "--log-queries",
                                   "--log-facility=" + log_file};
  for (const std::string& domain : zone.domains) argv.push_back("--local=/" + domain + "/");
  for (const SrvEntry& srv : zone.srv) {
    // A bare name (no target) is how dnsmasq publishes "service not provided".
    std::string value = "--srv-host=" + srv.name;
    if (srv.target != ".") {
      value += "," + srv.target + "," + std::to_string(srv.port) + "," +
               std::to_string(srv.priority) + "," + std::to_string(srv.weight);
    }
    argv.push_back(value);
  }
  for (const auto& [name, address] : zone.addresses) {
    argv.push_back("--host-record=" + name + "," + address);
  }
  return argv;
}

NamespaceService DnsService(const DnsZone& zone, const std::string& log_file) {
  return {.argv = DnsmasqArgv(zone, 53, log_file), .port = 53, .udp = true, .log = log_file};
}

Status RequireDnsmasq() { return RequireExecutable(kDnsmasq); }

}  // namespace mpop::testing
