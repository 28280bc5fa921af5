#include "config/command_line.hpp"

#include <getopt.h>

#include <cassert>
#include <charconv>
#include <climits>
#include <string_view>

#include "config/option_table.hpp"
#include "util/i18n.hpp"

namespace mpop::config {
namespace {

Error InvalidArgument(const OptionSpec& spec, const char* arg) {
  return Error::Usage(
      TrFormat("invalid argument {} for --{}", arg != nullptr ? arg : "", spec.long_name));
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
    {OptionId::kAcceptNew, &CommandLine::accept_new},
    {OptionId::kMarkSeen, &CommandLine::mark_seen},
    {OptionId::kDryRun, &CommandLine::dry_run},
    {OptionId::kAuthorize, &CommandLine::authorize},
    {OptionId::kJson, &CommandLine::json},
    {OptionId::kPoll, &CommandLine::poll},
};

// --jobs: a plain decimal count.
Result<int> ParseJobs(std::string_view text) {
  int jobs = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), jobs);
  if (error != std::errc() || end != text.data() + text.size() || jobs < 1 || jobs > kMaxJobs) {
    return Error();
  }
  return jobs;
}

// Applies one option with its argument (nullptr when none was given: only for kNone and
// kOptional) to a CommandLine. A setting's row parses its own argument into the overrides.
Status ApplyOption(const SettingTable& settings, const OptionSpec& spec, const char* arg,
                   CommandLine& cl) {
  if (spec.setting != nullptr) {
    if (!spec.setting->apply_option(arg, cl.overrides)) {
      Error error = InvalidArgument(spec, arg);
      std::string hint(Tr(std::string(spec.setting->hint).c_str()));
      const std::size_t at = hint.find("{command}");
      if (at != std::string::npos) {
        hint.replace(at, std::string_view("{command}").size(), std::string("--") + spec.long_name);
      }
      if (!hint.empty()) error.message += "; " + hint;
      return error;
    }
    settings.MarkSet(*spec.setting, cl.overrides);
    return {};
  }
  const auto id = static_cast<OptionId>(spec.code);
  for (const FlagOption& flag : kFlagOptions) {
    if (flag.id == id) {
      cl.*flag.field = true;
      return {};
    }
  }
  switch (id) {
    case OptionId::kConfigure:
      cl.configure_address = arg;
      return {};
    case OptionId::kFile:
      cl.config_file = arg;
      return {};
    case OptionId::kImportUidls:
      cl.import_uidls = arg;
      return {};
    case OptionId::kMetricsFile:
      cl.metrics_file = arg;
      return {};
    case OptionId::kJobs: {
      Result<int> jobs = ParseJobs(arg);
      if (!jobs) return InvalidArgument(spec, arg);
      cl.jobs = *jobs;
      return {};
    }
    default:
      assert(false && "option without a handler");
      return Error::Software(Tr("option without a handler"));
  }
}

std::string ShortOptionString(std::span<const OptionSpec> options) {
  // '-': non-options come back in order as code 1 (so account names keep their order and
  // POSIXLY_CORRECT cannot stop permutation); ':': report a missing argument as ':'.
  std::string optstring = "-:";
  for (const OptionSpec& spec : options) {
    if (spec.short_name == '\0') continue;
    optstring += spec.short_name;
    if (spec.arg == OptionArg::kRequired) optstring += ":";
    if (spec.arg == OptionArg::kOptional) optstring += "::";
  }
  return optstring;
}

std::vector<option> LongOptions(std::span<const OptionSpec> options) {
  std::vector<option> longs;
  for (const OptionSpec& spec : options) {
    int has_arg = spec.arg == OptionArg::kNone       ? no_argument
                  : spec.arg == OptionArg::kRequired ? required_argument
                                                     : optional_argument;
    longs.push_back({spec.long_name, has_arg, nullptr, spec.code});
  }
  longs.push_back({nullptr, 0, nullptr, 0});
  return longs;
}

const OptionSpec* ShortOption(std::span<const OptionSpec> options, int c) {
  for (const OptionSpec& spec : options) {
    if (spec.short_name != '\0' && spec.short_name == c) return &spec;
  }
  return nullptr;
}

// getopt_long returned '?'. With opterr = 0 it printed nothing; say what it would have said.
Error UnknownOptionError(std::span<const OptionSpec> options, const char* element, int opt) {
  if (const OptionSpec* spec = opt > UCHAR_MAX ? FindOption(options, opt) : nullptr) {
    return Error::Usage(TrFormat("option '--{}' doesn't allow an argument", spec->long_name));
  }
  if (opt != 0) return Error::Usage(TrFormat("invalid option -- '{}'", char(opt)));
  // optopt 0: an unknown or ambiguous long option; optind has moved past it.
  std::string_view given = element;
  if (!given.starts_with("--")) return Error::Usage(TrFormat("unrecognized option '{}'", given));
  std::string_view name = given.substr(2, given.find('=') - 2);
  std::string candidates;
  int count = 0;
  for (const OptionSpec& spec : options) {
    if (std::string_view(spec.long_name).starts_with(name)) {
      candidates += std::string(" '--") + spec.long_name + "'";
      ++count;
    }
  }
  if (count > 1) {
    return Error::Usage(TrFormat("option '--{}' is ambiguous; possibilities:{}", name, candidates));
  }
  return Error::Usage(TrFormat("unrecognized option '{}'", given));
}

Error MissingArgumentError(std::span<const OptionSpec> options, int opt) {
  if (const OptionSpec* spec = opt > UCHAR_MAX ? FindOption(options, opt) : nullptr) {
    return Error::Usage(TrFormat("option '--{}' requires an argument", spec->long_name));
  }
  return Error::Usage(TrFormat("option requires an argument -- '{}'", char(opt)));
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
  if (cl.import_uidls) modes.push_back("--import-uidls");
  if (cl.mark_seen) modes.push_back("--mark-seen");
  if (cl.dry_run) modes.push_back("--dry-run");
  if (cl.authorize) modes.push_back("--authorize");
  if (cl.poll) modes.push_back("--poll");
  return modes;
}

// Moves the non-option arguments where they belong and checks the option combinations.
Status FinishCommandLine(std::vector<std::string> arguments, CommandLine& cl) {
  if (cl.mda) {
    if (arguments.size() > 1) {
      return Error::Usage(TrFormat("--mda takes at most one argument (the envelope sender), not {}",
                                   arguments.size()));
    }
    if (!arguments.empty()) cl.mda_from = arguments.front();
  } else {
    cl.accounts = std::move(arguments);
  }
  if (cl.help || cl.version) return {};

  std::vector<std::string> modes = ModeNames(cl);
  if (modes.size() > 1) {
    return Error::Usage(TrFormat("cannot use both {} and {}", modes[0], modes[1]));
  }
  // --accept-new only loosens retrieval (--dry-run shows such a retrieval): with a mode
  // that fetches nothing it would promise something it cannot do.
  if (cl.accept_new && !modes.empty() && !cl.dry_run) {
    return Error::Usage(TrFormat("cannot use both --accept-new and {}", modes[0]));
  }
  // --json promises JSON alone on stdout: nothing that prints text there may come along.
  if (cl.json) {
    if (cl.pretend) return Error::Usage("cannot use both --json and --pretend");
    if (cl.debug) return Error::Usage("cannot use both --json and --debug");
    if (!modes.empty() && !cl.serverinfo && !cl.status_only && !cl.auth_only && !cl.mark_seen &&
        !cl.dry_run && !cl.poll) {
      return Error::Usage("cannot use both --json and " + modes[0]);
    }
  }
  if (cl.HostMode() && (cl.all_accounts || !cl.accounts.empty())) {
    return Error::Usage(Tr("cannot use both --host and accounts"));
  }
  if (cl.all_accounts && !cl.accounts.empty()) {
    return Error::Usage(Tr("cannot use both --all-accounts and a list of accounts"));
  }
  if (cl.configure_address && (cl.all_accounts || !cl.accounts.empty())) {
    return Error::Usage(Tr("cannot use both --configure and accounts"));
  }
  if (cl.mda) {
    if (cl.all_accounts) return Error::Usage(Tr("cannot use both --mda and --all-accounts"));
    if (cl.HostMode()) return Error::Usage(Tr("cannot use both --mda and --host"));
    if (!cl.overrides.IsSet(&Account::delivery))
      return Error::Usage(Tr("--mda requires --delivery"));
  }
  return {};
}

}  // namespace

Result<CommandLine> ParseCommandLine(int argc, char** argv, const SettingTable& settings) {
  static_assert(static_cast<int>(OptionId::kVersion) > UCHAR_MAX);
  const std::vector<OptionSpec> options = JoinOptions(settings);
  const std::string optstring = ShortOptionString(options);
  const std::vector<option> longs = LongOptions(options);
  CommandLine cl;
  std::vector<std::string> arguments;

  GetoptReset reset;
  int c;
  while ((c = getopt_long(argc, argv, optstring.c_str(), longs.data(), nullptr)) != -1) {
    if (c == 1) {
      arguments.emplace_back(optarg);
    } else if (c == '?') {
      return UnknownOptionError(options, argv[optind - 1], optopt);
    } else if (c == ':') {
      return MissingArgumentError(options, optopt);
    } else {
      const OptionSpec* spec = c > UCHAR_MAX ? FindOption(options, c) : ShortOption(options, c);
      assert(spec != nullptr);
      MPOP_TRY(ApplyOption(settings, *spec, optarg, cl));
    }
  }
  for (int i = optind; i < argc; ++i) arguments.emplace_back(argv[i]);

  MPOP_TRY(FinishCommandLine(std::move(arguments), cl));
  return cl;
}

}  // namespace mpop::config
