#include "server/options.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <array>
#include <string_view>

#include "server/command.hpp"
#include "util/i18n.hpp"

namespace mpop::server {
namespace {

struct OptionSpec {
  std::string_view name;
  bool needs_value;
};

constexpr std::array<OptionSpec, 13> kOptions{{
    {"version", false},
    {"help", false},
    {"inetd", false},
    {"interface", true},
    {"port", true},
    {"log", true},
    {"auth", true},
    {"maildir", true},
    {"idle-timeout", true},
    {"max-sessions", true},
    {"tls", true},
    {"tls-cert-file", true},
    {"tls-key-file", true},
}};

// The option `name` names exactly or as a unique abbreviation.
Result<const OptionSpec*> FindOption(std::string_view name, std::string_view arg) {
  const OptionSpec* found = nullptr;
  int matches = 0;
  for (const OptionSpec& spec : kOptions) {
    if (spec.name == name) return &spec;
    if (!name.empty() && spec.name.starts_with(name)) {
      found = &spec;
      ++matches;
    }
  }
  if (matches == 1) return found;
  if (matches > 1) return Error::Usage(TrFormat("option '{}' is ambiguous", arg));
  return Error::Usage(TrFormat("unrecognized option '{}'", arg));
}

Result<int> ParseRange(std::string_view value, int min, int max, std::string_view what,
                       std::string_view range_text) {
  std::optional<std::uint64_t> number = ParseNumber(value);
  if (!number || *number < static_cast<std::uint64_t>(min) ||
      *number > static_cast<std::uint64_t>(max)) {
    return Error::Usage(TrFormat("invalid {} '{}': must be {}", what, value, range_text));
  }
  return static_cast<int>(*number);
}

bool IsNumericAddress(const std::string& address) {
  in6_addr buffer{};
  return ::inet_pton(AF_INET, address.c_str(), &buffer) == 1 ||
         ::inet_pton(AF_INET6, address.c_str(), &buffer) == 1;
}

// What the options so far leave for the checks at the end.
struct Pending {
  bool maildir = false;   // an --auth waits for its --maildir
  bool tls_mode = false;  // --tls was given
};

// Applies one option with its value to the result being built.
Status Apply(const OptionSpec& spec, const std::string& value, DaemonCommandLine& command_line,
             Pending& pending) {
  bool& maildir_pending = pending.maildir;
  DaemonOptions& options = command_line.options;
  const std::string_view name = spec.name;
  if (name == "version") {
    if (command_line.action == DaemonAction::kRun) command_line.action = DaemonAction::kVersion;
    return {};
  }
  if (name == "help") {
    if (command_line.action == DaemonAction::kRun) command_line.action = DaemonAction::kHelp;
    return {};
  }
  if (name == "inetd") {
    options.inetd = true;
    return {};
  }
  if (value.empty()) return Error::Usage(TrFormat("option --{} needs a value", name));
  if (name == "interface") {
    if (!IsNumericAddress(value)) {
      return Error::Usage(
          TrFormat("invalid interface '{}': not a numeric IPv4 or IPv6 address", value));
    }
    options.interface = value;
  } else if (name == "port") {
    Result<int> port = ParseRange(value, 1, 65535, Tr("port"), Tr("1 to 65535"));
    if (!port) return std::move(port).error();
    options.port = *port;
  } else if (name == "log") {
    options.log = value;
  } else if (name == "auth") {
    if (maildir_pending) {
      return Error::Usage(TrFormat("--auth={} has no --maildir", options.mailboxes.back().user));
    }
    const std::size_t comma = value.find(',');
    MailboxSpec mailbox;
    mailbox.user = value.substr(0, comma);
    if (mailbox.user.empty()) return Error::Usage(TrFormat("--auth={}: empty user name", value));
    if (comma != std::string::npos) {
      mailbox.password_eval = value.substr(comma + 1);
      if (mailbox.password_eval->empty()) {
        return Error::Usage(TrFormat("--auth={}: empty password command after the comma", value));
      }
    }
    options.mailboxes.push_back(std::move(mailbox));
    maildir_pending = true;
  } else if (name == "maildir") {
    if (!maildir_pending) {
      return Error::Usage(
          options.mailboxes.empty()
              ? TrFormat("--maildir={} must follow an --auth option", value)
              : TrFormat("--auth={} has more than one --maildir", options.mailboxes.back().user));
    }
    options.mailboxes.back().maildir = value;
    maildir_pending = false;
  } else if (name == "idle-timeout") {
    Result<int> seconds = ParseRange(value, 1, 86400, Tr("idle timeout"), Tr("1 to 86400 seconds"));
    if (!seconds) return std::move(seconds).error();
    options.idle_timeout = std::chrono::seconds(*seconds);
  } else if (name == "max-sessions") {
    Result<int> sessions = ParseRange(value, 1, 1000, Tr("session limit"), Tr("1 to 1000"));
    if (!sessions) return std::move(sessions).error();
    options.max_sessions = *sessions;
  } else if (name == "tls") {
    if (value != "starttls" && value != "implicit") {
      return Error::Usage(
          TrFormat("invalid --tls value '{}': must be starttls or implicit", value));
    }
    options.tls_mode = value == "implicit" ? TlsMode::kImplicit : TlsMode::kStarttls;
    pending.tls_mode = true;
  } else if (name == "tls-cert-file") {
    options.tls_cert_file = value;
  } else if (name == "tls-key-file") {
    options.tls_key_file = value;
  }
  return {};
}

Status CheckTls(const DaemonOptions& options, const Pending& pending) {
  if (options.tls_cert_file.empty() != options.tls_key_file.empty()) {
    return Error::Usage(Tr("--tls-cert-file and --tls-key-file must be given together"));
  }
  if (pending.tls_mode && !options.tls()) {
    return Error::Usage(Tr("--tls needs --tls-cert-file and --tls-key-file"));
  }
  return {};
}

}  // namespace

Result<DaemonCommandLine> ParseDaemonCommandLine(std::span<const std::string> args) {
  DaemonCommandLine command_line;
  Pending pending;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--") {
      if (i + 1 < args.size())
        return Error::Usage(TrFormat("unexpected argument '{}'", args[i + 1]));
      break;
    }
    if (!arg.starts_with("--")) {
      if (arg.size() > 1 && arg[0] == '-') {
        return Error::Usage(TrFormat("unrecognized option '{}'", arg));
      }
      return Error::Usage(TrFormat("unexpected argument '{}'", arg));
    }
    const std::size_t equals = arg.find('=');
    const std::string_view name = std::string_view(arg).substr(2, equals - 2);
    Result<const OptionSpec*> spec = FindOption(name, std::string_view(arg).substr(0, equals));
    if (!spec) return std::move(spec).error();
    const OptionSpec& option = **spec;
    std::string value;
    if (equals != std::string::npos) {
      if (!option.needs_value) {
        return Error::Usage(TrFormat("option '--{}' doesn't allow an argument", option.name));
      }
      value = arg.substr(equals + 1);
    } else if (option.needs_value) {
      if (i + 1 >= args.size()) {
        return Error::Usage(TrFormat("option '--{}' requires an argument", option.name));
      }
      value = args[++i];
    }
    MPOP_TRY(Apply(option, value, command_line, pending));
  }
  if (command_line.action != DaemonAction::kRun) return command_line;
  if (pending.maildir) {
    return Error::Usage(
        TrFormat("--auth={} has no --maildir", command_line.options.mailboxes.back().user));
  }
  if (command_line.options.mailboxes.empty()) {
    return Error::Usage(Tr("no mailbox: give at least one --auth=USER and --maildir=DIR pair"));
  }
  MPOP_TRY(CheckTls(command_line.options, pending));
  return command_line;
}

}  // namespace mpop::server
