#include "support/netns.hpp"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "support/temp_dir.hpp"

namespace mpop::testing {
namespace {

constexpr const char* kUnshare = "/usr/bin/unshare";
constexpr const char* kMount = "/usr/bin/mount";
constexpr const char* kIp = "/usr/sbin/ip";
constexpr const char* kIpAlt = "/usr/bin/ip";

std::string QuoteArgv(const std::vector<std::string>& argv) {
  std::string text;
  for (const std::string& arg : argv) text += (text.empty() ? "" : " ") + ShellQuote(arg);
  return text;
}

// Writes text to a fresh file in dir and returns its path.
std::string WriteUniqueFile(const std::string& dir, const std::string& stem,
                            const std::string& text) {
  std::string path = dir + "/" + stem + ".XXXXXX";
  int fd = ::mkstemp(path.data());
  if (fd >= 0) ::close(fd);
  WriteFile(path, text);
  // Readable by all like the files it hides: daemons drop privileges (Dante's workers
  // run as nobody) and must still read /etc/hosts.
  ::chmod(path.c_str(), 0644);
  return path;
}

// Waits (10 s) until /proc/net/{tcp,udp}[6] of this namespace shows 127.0.0.1:PORT (or
// any address) bound, TCP in state LISTEN (0A); fails early if the service died.
constexpr const char* kWaitPort = R"(wait_port() {
  local pid=$1 port=$2 proto=$3 pattern i
  pattern=$(printf '^ *[0-9]+: [0-9A-F]+:%04X ' "$port")
  [ "$proto" = tcp ] && pattern="$pattern[0-9A-F]+:[0-9A-F]+ 0A"
  for i in $(seq 200); do
    grep -Eq "$pattern" /proc/net/$proto /proc/net/${proto}6 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.05
  done
  return 1
}
)";

}  // namespace

std::string ShellQuote(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) {
    if (c == '\'') {
      quoted += "'\\''";
    } else {
      quoted += c;
    }
  }
  return quoted + "'";
}

Status RequirePrivateNamespaces() {
  MPOP_TRY(RequireRoot("private mount/network namespaces (unshare -m -n)"));
  MPOP_TRY(RequireExecutable(kUnshare));
  MPOP_TRY(RequireExecutable(kMount));
  if (::access(kIp, X_OK) != 0) MPOP_TRY(RequireExecutable(kIpAlt));
  return {};
}

Command InPrivateNamespace(const NamespaceOptions& options, const Command& command) {
  std::string script = kWaitPort;
  script += "pids=()\ntrap 'for p in \"${pids[@]}\"; do kill \"$p\" 2>/dev/null; done' EXIT\n";
  auto fail = [](const std::string& what) {
    return " || { echo " + ShellQuote("private namespace: " + what) + " >&2; exit 125; }\n";
  };
  if (options.new_network) {
    const char* ip = ::access(kIp, X_OK) == 0 ? kIp : kIpAlt;
    script += std::string(ip) + " link set lo up" + fail("cannot bring up lo");
  }
  auto bind = [&](const std::optional<std::string>& text, const std::string& target,
                  const std::string& stem) {
    if (!text) return;
    std::string file = WriteUniqueFile(options.work_dir, stem, *text);
    script += "mount --bind " + ShellQuote(file) + " " + target + fail("cannot bind " + target);
  };
  bind(options.resolv_conf, "/etc/resolv.conf", "resolv.conf");
  bind(options.hosts, "/etc/hosts", "hosts");
  for (const NamespaceService& service : options.services) {
    const std::string log = service.log.empty() ? "/dev/null" : service.log;
    script += QuoteArgv(service.argv) + " </dev/null >>" + ShellQuote(log) + " 2>&1 &\n";
    script += "pids+=($!)\n";
    script += "wait_port $! " + std::to_string(service.port) + (service.udp ? " udp" : " tcp") +
              fail(service.argv.empty() ? "empty service" : service.argv[0] + " did not start");
  }
  script += QuoteArgv(command.argv) + "\nexit $?\n";

  Command wrapped = command;
  wrapped.argv = {kUnshare, "-m"};
  if (options.new_network) wrapped.argv.push_back("-n");
  wrapped.argv.insert(wrapped.argv.end(), {"--", "/bin/bash", "-c", script, "netns"});
  return wrapped;
}

}  // namespace mpop::testing
