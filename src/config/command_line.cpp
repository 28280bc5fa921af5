#include "config/command_line.hpp"

#include <getopt.h>

#include <cassert>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <string_view>

#include "config/option_table.hpp"
#include "config/values.hpp"

namespace mpop::config {
namespace {

Error InvalidArgument(OptionId id, std::string_view arg) {
  return Error::Usage("invalid argument " + std::string(arg) + " for --" +
                      FindOption(id).long_name);
}

// A whole-string integer in C strtol's base-0 syntax (as upstream reads numbers).
std::optional<long> ParseLong(const std::string& text) {
  if (text.empty()) return std::nullopt;
  char* end = nullptr;
  errno = 0;
  long value = std::strtol(text.c_str(), &end, 0);
  if (errno != 0 || *end != '\0') return std::nullopt;
  return value;
}

// Applies one option with its argument (nullptr: none given) to `cl`.
class OptionApplier {
 public:
  explicit OptionApplier(CommandLine& cl) : cl_(cl), account_(cl.overrides) {}

  Status Apply(OptionId id, const char* raw_arg);

 private:
  Status ApplySetting(OptionId id, const std::string& arg, bool has_arg);

  // --user=[NAME] style: empty unsets; `tilde` expands a leading ~.
  void SetString(Setting s, std::optional<std::string> Account::*field, const std::string& arg,
                 bool tilde = false) {
    if (arg.empty()) {
      account_.*field = std::nullopt;
    } else {
      account_.*field = tilde ? ExpandTilde(arg) : arg;
    }
    account_.MarkSet(s);
  }

  // --tls[=(on|off)]: no argument means on; unlike the file, an empty argument is invalid.
  Status SetOnOff(OptionId id, Setting s, bool Account::*field, const std::string& arg,
                  bool has_arg) {
    if (!has_arg || arg == "on") {
      account_.*field = true;
    } else if (arg == "off") {
      account_.*field = false;
    } else {
      return InvalidArgument(id, arg);
    }
    account_.MarkSet(s);
    return {};
  }

  Status SetSize(OptionId id, Setting s, std::int64_t Account::*field, const std::string& arg) {
    if (arg == "off") {
      account_.*field = -1;
    } else {
      Result<std::int64_t> size = ParseSize(arg);
      if (!size) return InvalidArgument(id, arg);
      account_.*field = *size;
    }
    account_.MarkSet(s);
    return {};
  }

  Status SetKeep(const std::string& arg, bool has_arg);
  Status SetAuth(const std::string& arg);
  Status SetDelivery(const std::string& arg);

  CommandLine& cl_;
  Account& account_;
};

Status OptionApplier::Apply(OptionId id, const char* raw_arg) {
  const bool has_arg = raw_arg != nullptr;
  const std::string arg = has_arg ? raw_arg : "";
  switch (id) {
    case OptionId::kVersion: cl_.version = true; return {};
    case OptionId::kHelp: cl_.help = true; return {};
    case OptionId::kPretend: cl_.pretend = true; return {};
    case OptionId::kDebug: cl_.debug = true; return {};
    case OptionId::kConfigure: cl_.configure_address = arg; return {};
    case OptionId::kMda: cl_.mda = true; return {};
    case OptionId::kServerInfo: cl_.serverinfo = true; return {};
    case OptionId::kFile: cl_.config_file = arg; return {};
    case OptionId::kQuiet: cl_.quiet = true; return {};
    case OptionId::kHalfQuiet: cl_.half_quiet = true; return {};
    case OptionId::kAllAccounts: cl_.all_accounts = true; return {};
    case OptionId::kAuthOnly: cl_.auth_only = true; return {};
    case OptionId::kStatusOnly: cl_.status_only = true; return {};
    case OptionId::kTlsForceSslv3: return {};  // accepted for old scripts, ignored
    case OptionId::kJobs: {
      std::optional<long> jobs = ParseLong(arg);
      if (!jobs || *jobs < 1 || *jobs > kMaxJobs) return InvalidArgument(id, arg);
      cl_.jobs = static_cast<int>(*jobs);
      return {};
    }
    default:
      return ApplySetting(id, arg, has_arg);
  }
}

Status OptionApplier::ApplySetting(OptionId id, const std::string& arg, bool has_arg) {
  Account& a = account_;
  switch (id) {
    case OptionId::kHost:
      if (arg.empty()) return InvalidArgument(id, arg);
      a.host = arg;
      a.MarkSet(Setting::kHost);
      return {};
    case OptionId::kPort: {
      Result<int> port = ParsePort(arg);
      if (!port) return InvalidArgument(id, arg);
      a.port = *port;
      a.MarkSet(Setting::kPort);
      return {};
    }
    case OptionId::kProxyPort: {
      Result<int> port = arg.empty() ? Result<int>(0) : ParsePort(arg);
      if (!port) return InvalidArgument(id, arg);
      a.proxy_port = *port;
      a.MarkSet(Setting::kProxyPort);
      return {};
    }
    case OptionId::kTimeout: {
      // 0 is not a way to say "off" (upstream rejects it too).
      Result<int> timeout = ParseTimeout(arg);
      if (!timeout || (*timeout == 0 && arg != "off")) return InvalidArgument(id, arg);
      a.timeout_seconds = *timeout;
      a.MarkSet(Setting::kTimeout);
      return {};
    }
    case OptionId::kPipelining: {
      // The file reads an empty `pipelining` as on; upstream's command line rejects it.
      Result<Pipelining> pipelining =
          arg.empty() ? Result<Pipelining>(InvalidArgument(id, arg)) : ParsePipelining(arg);
      if (!pipelining) return InvalidArgument(id, arg);
      a.pipelining = *pipelining;
      a.MarkSet(Setting::kPipelining);
      return {};
    }
    case OptionId::kSourceIp: SetString(Setting::kSourceIp, &Account::source_ip, arg); return {};
    case OptionId::kProxyHost:
      SetString(Setting::kProxyHost, &Account::proxy_host, arg);
      return {};
    case OptionId::kSocket: SetString(Setting::kSocket, &Account::socket, arg); return {};
    case OptionId::kUser: SetString(Setting::kUser, &Account::user, arg); return {};
    case OptionId::kPasswordEval:
      SetString(Setting::kPasswordEval, &Account::password_eval, arg);
      return {};
    case OptionId::kTlsTrustFile:
      // Empty is not "unset" here but "trust no CA" (only a fingerprint or certcheck off).
      a.tls_trust_file = ExpandTilde(arg);
      a.MarkSet(Setting::kTlsTrustFile);
      return {};
    case OptionId::kTlsCrlFile:
      SetString(Setting::kTlsCrlFile, &Account::tls_crl_file, arg, true);
      return {};
    case OptionId::kTlsKeyFile:
      SetString(Setting::kTlsKeyFile, &Account::tls_key_file, arg, true);
      return {};
    case OptionId::kTlsCertFile:
      SetString(Setting::kTlsCertFile, &Account::tls_cert_file, arg, true);
      return {};
    case OptionId::kTlsPriorities:
      SetString(Setting::kTlsPriorities, &Account::tls_priorities, arg);
      return {};
    case OptionId::kTlsHostOverride:
      SetString(Setting::kTlsHostOverride, &Account::tls_host_override, arg);
      return {};
    case OptionId::kFilter: SetString(Setting::kFilter, &Account::filter, arg); return {};
    case OptionId::kTlsFingerprint: {
      Result<std::string> fingerprint =
          arg.empty() ? Result<std::string>(std::string()) : ParseFingerprint(arg);
      if (!fingerprint) return InvalidArgument(id, arg);
      SetString(Setting::kTlsFingerprint, &Account::tls_fingerprint, *fingerprint);
      return {};
    }
    case OptionId::kUidlsFile:
      if (arg.empty()) return InvalidArgument(id, arg);
      a.uidls_file = ExpandTilde(arg);
      a.MarkSet(Setting::kUidlsFile);
      return {};
    case OptionId::kTls: return SetOnOff(id, Setting::kTls, &Account::tls, arg, has_arg);
    case OptionId::kTlsStarttls:
      return SetOnOff(id, Setting::kTlsStarttls, &Account::tls_starttls, arg, has_arg);
    case OptionId::kTlsCertcheck:
      return SetOnOff(id, Setting::kTlsCertcheck, &Account::tls_certcheck, arg, has_arg);
    case OptionId::kReceivedHeader:
      return SetOnOff(id, Setting::kReceivedHeader, &Account::received_header, arg, has_arg);
    case OptionId::kOnlyNew:
      return SetOnOff(id, Setting::kOnlyNew, &Account::only_new, arg, has_arg);
    case OptionId::kKillsize: return SetSize(id, Setting::kKillsize, &Account::killsize, arg);
    case OptionId::kSkipsize: return SetSize(id, Setting::kSkipsize, &Account::skipsize, arg);
    case OptionId::kKeep: return SetKeep(arg, has_arg);
    case OptionId::kAuth: return SetAuth(arg);
    case OptionId::kDelivery: return SetDelivery(arg);
    case OptionId::kTlsMinDhPrimeBits: {
      Result<int> bits = ParseDhPrimeBits(arg);
      if (!bits) return InvalidArgument(id, arg);
      a.tls_min_dh_prime_bits = *bits;
      a.MarkSet(Setting::kTlsMinDhPrimeBits);
      return {};
    }
    default:
      assert(false && "option without a handler");
      return Error::Software("option without a handler");
  }
}

Status OptionApplier::SetKeep(const std::string& arg, bool has_arg) {
  if (!has_arg) {
    account_.keep_seconds = kKeepForever;
  } else {
    // The file reads an empty `keep` as on; upstream's command line rejects `--keep=`.
    if (arg.empty()) return InvalidArgument(OptionId::kKeep, arg);
    Result<std::int64_t> keep = ParseKeep(arg);
    if (!keep) return InvalidArgument(OptionId::kKeep, arg);
    account_.keep_seconds = *keep;
  }
  account_.MarkSet(Setting::kKeep);
  return {};
}

Status OptionApplier::SetAuth(const std::string& arg) {
  Result<std::string> method = ParseAuthMethod(arg);  // "" and "on": choose
  if (!method) return InvalidArgument(OptionId::kAuth, arg);
  account_.auth = *method;
  account_.MarkSet(Setting::kAuth);
  return {};
}

// --delivery=METHOD,ARGUMENT: a comma where the file has a blank.
Status OptionApplier::SetDelivery(const std::string& arg) {
  std::size_t comma = arg.find(',');
  if (comma == std::string::npos) return InvalidArgument(OptionId::kDelivery, arg);
  Result<Delivery> delivery =
      ParseDelivery(std::string_view(arg).substr(0, comma), std::string_view(arg).substr(comma + 1));
  if (!delivery) return InvalidArgument(OptionId::kDelivery, arg);
  account_.delivery = *delivery;
  account_.MarkSet(Setting::kDelivery);
  return {};
}

std::string ShortOptionString() {
  // '-': non-options come back in order as code 1 (so account names keep their order and
  // POSIXLY_CORRECT cannot stop permutation); ':': report a missing argument as ':'.
  std::string optstring = "-:";
  for (const OptionSpec& spec : Options()) {
    if (spec.short_name == '\0') continue;
    optstring += spec.short_name;
    if (spec.arg == OptionArg::kRequired) optstring += ":";
    if (spec.arg == OptionArg::kOptional) optstring += "::";
  }
  return optstring;
}

std::vector<option> LongOptions() {
  std::vector<option> longs;
  for (const OptionSpec& spec : Options()) {
    int has_arg = spec.arg == OptionArg::kNone       ? no_argument
                  : spec.arg == OptionArg::kRequired ? required_argument
                                                     : optional_argument;
    longs.push_back({spec.long_name, has_arg, nullptr, static_cast<int>(spec.id)});
  }
  longs.push_back({nullptr, 0, nullptr, 0});
  return longs;
}

std::optional<OptionId> ShortOptionId(int c) {
  for (const OptionSpec& spec : Options()) {
    if (spec.short_name != '\0' && spec.short_name == c) return spec.id;
  }
  return std::nullopt;
}

// getopt_long returned '?'. With opterr = 0 it printed nothing; say what it would have said.
Error UnknownOptionError(const char* element, int opt) {
  if (opt >= static_cast<int>(OptionId::kVersion)) {
    return Error::Usage(std::string("option '--") +
                        FindOption(static_cast<OptionId>(opt)).long_name +
                        "' doesn't allow an argument");
  }
  if (opt != 0) return Error::Usage(std::string("invalid option -- '") + char(opt) + "'");
  // optopt 0: an unknown or ambiguous long option; optind has moved past it.
  std::string_view given = element;
  std::string_view name = given.substr(2, given.find('=') - 2);
  std::string candidates;
  int count = 0;
  for (const OptionSpec& spec : Options()) {
    if (std::string_view(spec.long_name).starts_with(name)) {
      candidates += std::string(" '--") + spec.long_name + "'";
      ++count;
    }
  }
  if (count > 1) {
    return Error::Usage("option '--" + std::string(name) + "' is ambiguous; possibilities:" +
                        candidates);
  }
  return Error::Usage("unrecognized option '" + std::string(given) + "'");
}

Error MissingArgumentError(int opt) {
  if (opt >= static_cast<int>(OptionId::kVersion)) {
    return Error::Usage(std::string("option '--") +
                        FindOption(static_cast<OptionId>(opt)).long_name +
                        "' requires an argument");
  }
  return Error::Usage(std::string("option requires an argument -- '") + char(opt) + "'");
}

// Restores getopt's globals however ParseCommandLine returns. optind = 0 makes the next
// getopt call start from scratch (glibc's documented full reset).
class GetoptReset {
 public:
  GetoptReset() : saved_opterr_(opterr) {
    optind = 0;
    opterr = 0;
  }
  ~GetoptReset() {
    optind = 0;
    opterr = saved_opterr_;
  }
  GetoptReset(const GetoptReset&) = delete;
  GetoptReset& operator=(const GetoptReset&) = delete;

 private:
  int saved_opterr_;
};

// The option names of the modes set in `cl`, in a fixed order.
std::vector<std::string> ModeNames(const CommandLine& cl) {
  std::vector<std::string> modes;
  if (cl.serverinfo) modes.push_back("--serverinfo");
  if (cl.status_only) modes.push_back("--status-only");
  if (cl.auth_only) modes.push_back("--auth-only");
  if (cl.configure_address) modes.push_back("--configure");
  if (cl.mda) modes.push_back("--mda");
  return modes;
}

// Moves the non-option arguments where they belong and checks the option combinations.
Status FinishCommandLine(std::vector<std::string> arguments, CommandLine& cl) {
  if (cl.mda) {
    if (arguments.size() > 1) {
      return Error::Usage("--mda takes at most one argument (the envelope sender), not " +
                          std::to_string(arguments.size()));
    }
    if (!arguments.empty()) cl.mda_from = arguments.front();
  } else {
    cl.accounts = std::move(arguments);
  }
  if (cl.help || cl.version) return {};

  std::vector<std::string> modes = ModeNames(cl);
  if (modes.size() > 1) {
    return Error::Usage("cannot use both " + modes[0] + " and " + modes[1]);
  }
  if (cl.HostMode() && (cl.all_accounts || !cl.accounts.empty())) {
    return Error::Usage("cannot use both --host and accounts");
  }
  if (cl.all_accounts && !cl.accounts.empty()) {
    return Error::Usage("cannot use both --all-accounts and a list of accounts");
  }
  if (cl.configure_address && (cl.all_accounts || !cl.accounts.empty())) {
    return Error::Usage("cannot use both --configure and accounts");
  }
  if (cl.mda) {
    if (cl.all_accounts) return Error::Usage("cannot use both --mda and --all-accounts");
    if (cl.HostMode()) return Error::Usage("cannot use both --mda and --host");
    if (!cl.overrides.IsSet(Setting::kDelivery)) return Error::Usage("--mda requires --delivery");
  }
  return {};
}

}  // namespace

Result<CommandLine> ParseCommandLine(int argc, char** argv) {
  static_assert(static_cast<int>(OptionId::kVersion) > UCHAR_MAX);
  const std::string optstring = ShortOptionString();
  const std::vector<option> longs = LongOptions();
  CommandLine cl;
  OptionApplier applier(cl);
  std::vector<std::string> arguments;

  GetoptReset reset;
  int c;
  while ((c = getopt_long(argc, argv, optstring.c_str(), longs.data(), nullptr)) != -1) {
    if (c == 1) {
      arguments.emplace_back(optarg);
    } else if (c == '?') {
      return UnknownOptionError(argv[optind - 1], optopt);
    } else if (c == ':') {
      return MissingArgumentError(optopt);
    } else {
      std::optional<OptionId> id =
          c > UCHAR_MAX ? std::optional(static_cast<OptionId>(c)) : ShortOptionId(c);
      assert(id.has_value());
      MPOP_TRY(applier.Apply(*id, optarg));
    }
  }
  for (int i = optind; i < argc; ++i) arguments.emplace_back(argv[i]);

  MPOP_TRY(FinishCommandLine(std::move(arguments), cl));
  return cl;
}

}  // namespace mpop::config
