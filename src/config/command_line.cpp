#include "config/command_line.hpp"

#include <getopt.h>

#include <cassert>
#include <charconv>
#include <climits>
#include <string_view>

#include "config/option_table.hpp"
#include "config/values.hpp"

namespace mpop::config {
namespace {

Error InvalidArgument(OptionId id, std::string_view arg) {
  return Error::Usage("invalid argument " + std::string(arg) + " for --" +
                      FindOption(id).long_name);
}

// Options that only switch a mode or output flag of the command line itself.
struct FlagOption {
  OptionId id;
  bool CommandLine::*field;
};
constexpr FlagOption kFlagOptions[] = {
    {OptionId::kVersion, &CommandLine::version},
    {OptionId::kHelp, &CommandLine::help},
    {OptionId::kPretend, &CommandLine::pretend},
    {OptionId::kDebug, &CommandLine::debug},
    {OptionId::kMda, &CommandLine::mda},
    {OptionId::kServerInfo, &CommandLine::serverinfo},
    {OptionId::kQuiet, &CommandLine::quiet},
    {OptionId::kHalfQuiet, &CommandLine::half_quiet},
    {OptionId::kAllAccounts, &CommandLine::all_accounts},
    {OptionId::kAuthOnly, &CommandLine::auth_only},
    {OptionId::kStatusOnly, &CommandLine::status_only},
};

// --user=[NAME] style settings: an empty argument unsets them (COMPAT.md 6).
struct StringOption {
  OptionId id;
  Setting setting;
  std::optional<std::string> Account::*field;
  bool tilde;  // expand a leading ~
};
constexpr StringOption kStringOptions[] = {
    {OptionId::kSourceIp, Setting::kSourceIp, &Account::source_ip, false},
    {OptionId::kProxyHost, Setting::kProxyHost, &Account::proxy_host, false},
    {OptionId::kSocket, Setting::kSocket, &Account::socket, false},
    {OptionId::kUser, Setting::kUser, &Account::user, false},
    {OptionId::kPasswordEval, Setting::kPasswordEval, &Account::password_eval, false},
    {OptionId::kTlsCrlFile, Setting::kTlsCrlFile, &Account::tls_crl_file, true},
    {OptionId::kTlsKeyFile, Setting::kTlsKeyFile, &Account::tls_key_file, true},
    {OptionId::kTlsCertFile, Setting::kTlsCertFile, &Account::tls_cert_file, true},
    {OptionId::kTlsPriorities, Setting::kTlsPriorities, &Account::tls_priorities, false},
    {OptionId::kTlsHostOverride, Setting::kTlsHostOverride, &Account::tls_host_override, false},
    {OptionId::kFilter, Setting::kFilter, &Account::filter, false},
};

// --tls[=(on|off)] style settings.
struct SwitchOption {
  OptionId id;
  Setting setting;
  bool Account::*field;
};
constexpr SwitchOption kSwitchOptions[] = {
    {OptionId::kTls, Setting::kTls, &Account::tls},
    {OptionId::kTlsStarttls, Setting::kTlsStarttls, &Account::tls_starttls},
    {OptionId::kTlsCertcheck, Setting::kTlsCertcheck, &Account::tls_certcheck},
    {OptionId::kReceivedHeader, Setting::kReceivedHeader, &Account::received_header},
    {OptionId::kOnlyNew, Setting::kOnlyNew, &Account::only_new},
};

// Applies one option with its argument to a CommandLine.
class OptionApplier {
 public:
  explicit OptionApplier(CommandLine& cl) : cl_(cl), account_(cl.overrides) {}

  // `raw_arg` is nullptr when no argument was given (only for kNone and kOptional).
  Status Apply(OptionId id, const char* raw_arg);

 private:
  Status ApplyValue(OptionId id, const std::string& arg, bool has_arg);

  // Parses `arg` with `parse` into `field` and marks `s` set; a parse failure is
  // "invalid argument ARG for --opt" whatever the parser said.
  template <class T, class Parser>
  Status Set(OptionId id, Setting s, T Account::*field, const std::string& arg, Parser parse) {
    auto value = parse(arg);
    if (!value) return InvalidArgument(id, arg);
    account_.*field = *std::move(value);
    account_.MarkSet(s);
    return {};
  }

  CommandLine& cl_;
  Account& account_;
};

Status OptionApplier::Apply(OptionId id, const char* raw_arg) {
  const bool has_arg = raw_arg != nullptr;
  const std::string arg = has_arg ? raw_arg : "";
  for (const FlagOption& flag : kFlagOptions) {
    if (flag.id == id) {
      cl_.*flag.field = true;
      return {};
    }
  }
  for (const StringOption& option : kStringOptions) {
    if (option.id != id) continue;
    if (arg.empty()) {
      account_.*option.field = std::nullopt;
    } else {
      account_.*option.field = option.tilde ? ExpandTilde(arg) : arg;
    }
    account_.MarkSet(option.setting);
    return {};
  }
  for (const SwitchOption& option : kSwitchOptions) {
    if (option.id != id) continue;
    // No argument means on; unlike in the file, an empty argument is invalid (upstream).
    return Set(id, option.setting, option.field, arg, [&](const std::string& text) {
      return !has_arg       ? Result<bool>(true)
             : text.empty() ? Result<bool>(Error())
                            : ParseOnOff(text);
    });
  }
  return ApplyValue(id, arg, has_arg);
}

// Rejects the empty argument, which the file's parsers read as "on".
template <class T>
auto NonEmpty(Result<T> (*parse)(std::string_view)) {
  return
      [parse](const std::string& text) { return text.empty() ? Result<T>(Error()) : parse(text); };
}

// `off` or a size.
Result<std::int64_t> ParseSizeOrOff(std::string_view text) {
  return text == "off" ? Result<std::int64_t>(-1) : ParseSize(text);
}

Result<std::string> ParseNonEmpty(std::string_view text) {
  if (text.empty()) return Error();
  return std::string(text);
}

Result<std::string> ParsePath(std::string_view text) {
  if (text.empty()) return Error();
  return ExpandTilde(text);
}

// --proxy-port=: back to the default (0, filled in as 1080 later).
Result<int> ParsePortOrEmpty(std::string_view text) {
  return text.empty() ? Result<int>(0) : ParsePort(text);
}

// --timeout: 0 is not a way to say "off" (upstream rejects it too).
Result<int> ParseCliTimeout(std::string_view text) {
  Result<int> timeout = ParseTimeout(text);
  if (timeout && *timeout == 0 && text != "off") return Error();
  return timeout;
}

Result<std::optional<std::string>> ParseFingerprintOrEmpty(std::string_view text) {
  if (text.empty()) return std::optional<std::string>();
  Result<std::string> fingerprint = ParseFingerprint(text);
  if (!fingerprint) return std::move(fingerprint).error();
  return std::optional<std::string>(std::move(*fingerprint));
}

// --delivery=METHOD,ARGUMENT: a comma where the file has a blank.
Result<Delivery> ParseCliDelivery(std::string_view text) {
  std::size_t comma = text.find(',');
  if (comma == std::string_view::npos) return Error();
  return ParseDelivery(text.substr(0, comma), text.substr(comma + 1));
}

// --jobs: a plain decimal count.
Result<int> ParseJobs(std::string_view text) {
  int jobs = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), jobs);
  if (error != std::errc() || end != text.data() + text.size() || jobs < 1 || jobs > kMaxJobs) {
    return Error();
  }
  return jobs;
}

Status OptionApplier::ApplyValue(OptionId id, const std::string& arg, bool has_arg) {
  using S = Setting;
  switch (id) {
    case OptionId::kHost:
      return Set(id, S::kHost, &Account::host, arg, ParseNonEmpty);
    case OptionId::kPort:
      return Set(id, S::kPort, &Account::port, arg, ParsePort);
    case OptionId::kProxyPort:
      return Set(id, S::kProxyPort, &Account::proxy_port, arg, ParsePortOrEmpty);
    case OptionId::kTimeout:
      return Set(id, S::kTimeout, &Account::timeout_seconds, arg, ParseCliTimeout);
    case OptionId::kPipelining:
      return Set(id, S::kPipelining, &Account::pipelining, arg, NonEmpty(ParsePipelining));
    case OptionId::kAuth:
      return Set(id, S::kAuth, &Account::auth, arg, ParseAuthMethod);
    case OptionId::kTlsTrustFile:
      // Empty is not "unset" here but "trust no CA" (then a fingerprint or certcheck off).
      return Set(id, S::kTlsTrustFile, &Account::tls_trust_file, arg,
                 [](const std::string& text) { return Result<std::string>(ExpandTilde(text)); });
    case OptionId::kTlsFingerprint:
      return Set(id, S::kTlsFingerprint, &Account::tls_fingerprint, arg, ParseFingerprintOrEmpty);
    case OptionId::kTlsMinDhPrimeBits:
      return Set(id, S::kTlsMinDhPrimeBits, &Account::tls_min_dh_prime_bits, arg, ParseDhPrimeBits);
    case OptionId::kKeep:
      if (!has_arg) {
        account_.keep_seconds = kKeepForever;
        account_.MarkSet(S::kKeep);
        return {};
      }
      return Set(id, S::kKeep, &Account::keep_seconds, arg, NonEmpty(ParseKeep));
    case OptionId::kKillsize:
      return Set(id, S::kKillsize, &Account::killsize, arg, ParseSizeOrOff);
    case OptionId::kSkipsize:
      return Set(id, S::kSkipsize, &Account::skipsize, arg, ParseSizeOrOff);
    case OptionId::kDelivery:
      return Set(id, S::kDelivery, &Account::delivery, arg, ParseCliDelivery);
    case OptionId::kUidlsFile:
      return Set(id, S::kUidlsFile, &Account::uidls_file, arg, ParsePath);
    case OptionId::kConfigure:
      cl_.configure_address = arg;
      return {};
    case OptionId::kFile:
      cl_.config_file = arg;
      return {};
    case OptionId::kTlsForceSslv3:
      return {};  // accepted for old scripts, ignored
    case OptionId::kJobs: {
      Result<int> jobs = ParseJobs(arg);
      if (!jobs) return InvalidArgument(id, arg);
      cl_.jobs = *jobs;
      return {};
    }
    default:
      assert(false && "option without a handler");
      return Error::Software("option without a handler");
  }
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
  if (!given.starts_with("--"))
    return Error::Usage("unrecognized option '" + std::string(given) + "'");
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
    return Error::Usage("option '--" + std::string(name) +
                        "' is ambiguous; possibilities:" + candidates);
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
