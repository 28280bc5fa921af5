#pragma once
// mpop's command-line options (manual section 3.5, doc/COMPAT.md 7.1): the options that are not
// settings (modes, output, the configuration file, jobs) are rows here; the settings bring
// their own options from the settings table (config/setting_table.hpp). Options() joins
// both; ParseCommandLine() builds getopt_long's tables from it and --help prints it, so the
// three cannot drift apart.

#include <span>
#include <string_view>
#include <vector>

#include "config/setting_table.hpp"

namespace mpop::config {

// What an option that is not a setting does. The values start above every `char`, so a
// getopt_long return value is a short letter, one of these, or a setting's code.
enum class OptionId : int {
  kVersion = 256,
  kHelp,
  kPretend,
  kDebug,
  kConfigure,
  kMda,
  kServerInfo,
  kFile,
  kQuiet,
  kHalfQuiet,
  kAllAccounts,
  kAuthOnly,
  kStatusOnly,
  kJobs,
  kAcceptNew,
  kMarkSeen,
  kDryRun,
  kImportUidls,
  kAuthorize,
  kJson,
  kMetricsFile,
  kPoll,
};

// A setting's option has the code kFirstSettingCode + its index in the settings table.
inline constexpr int kFirstSettingCode = 512;

struct OptionSpec {
  const char* long_name;  // without "--"
  char short_name;        // '\0' if the option has no short form
  OptionArg arg;
  int code;  // an OptionId, or kFirstSettingCode + the setting's index
  OptionGroup group;
  std::string_view help_argument;  // shown after "--name", e.g. "=(on|off)"; may be empty
  std::string_view help_text;      // one line; empty: not listed (--tls-force-sslv3)
  const SettingRow* setting;       // the setting it sets; nullptr for the others
};

// Every option, in --help order: group by group, the options that are not settings, then
// the options of `settings` in the table's order.
std::vector<OptionSpec> JoinOptions(const SettingTable& settings);

// JoinOptions(Settings()), made once.
std::span<const OptionSpec> Options();

// The option with getopt code `code` in `options`, or nullptr.
const OptionSpec* FindOption(std::span<const OptionSpec> options, int code);

}  // namespace mpop::config
