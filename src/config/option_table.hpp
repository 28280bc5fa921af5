#pragma once
// The table of mpop's command-line options (manual section 3.5, COMPAT.md 7.1): one row per
// option with its long name, short letter, argument kind and help text. ParseCommandLine()
// builds getopt_long's tables from it, and --help prints it, so the two cannot drift apart.

#include <span>
#include <string_view>

namespace mpop::config {

// What an option does. The values start above every `char` so a getopt_long return value
// is either a short letter or one of these, never both.
enum class OptionId : int {
  kVersion = 256, kHelp, kPretend, kDebug,
  kConfigure, kMda, kServerInfo,
  kFile, kHost, kPort, kSourceIp, kProxyHost, kProxyPort, kSocket, kTimeout, kPipelining,
  kReceivedHeader, kAuth, kUser, kPasswordEval,
  kTls, kTlsStarttls, kTlsTrustFile, kTlsCrlFile, kTlsFingerprint, kTlsCertcheck,
  kTlsKeyFile, kTlsCertFile, kTlsPriorities, kTlsHostOverride, kTlsMinDhPrimeBits,
  kTlsForceSslv3,
  kQuiet, kHalfQuiet, kAllAccounts, kAuthOnly, kStatusOnly, kOnlyNew, kKeep, kKillsize,
  kSkipsize, kFilter, kDelivery, kUidlsFile, kJobs,
};

// kOptional arguments exist only in the attached forms `--opt=value` and `-kvalue`; a
// separate next word is an account name (`--tls isp` = tls on, account isp).
enum class OptionArg { kNone, kRequired, kOptional };

// Where --help lists the option.
enum class OptionGroup { kGeneral, kMode, kConfiguration, kRetrieval };

struct OptionSpec {
  const char* long_name;   // without "--"
  char short_name;         // '\0' if the option has no short form
  OptionArg arg;
  OptionId id;
  OptionGroup group;
  std::string_view help_argument;  // shown after "--name", e.g. "=(on|off)"; may be empty
  std::string_view help_text;      // one line; empty: not listed (--tls-force-sslv3)
};

// Every option, in --help order.
std::span<const OptionSpec> Options();

// The row for `id`; every OptionId has exactly one row.
const OptionSpec& FindOption(OptionId id);

}  // namespace mpop::config
