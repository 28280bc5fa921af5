#pragma once
// mpop's command line (manual section 3.5, doc/COMPAT.md 7.1): parsed into a CommandLine value
// with glibc getopt_long behind our option table (config/option_table.hpp).
//
// Syntax, as upstream: options and account names mix freely (an option after an account
// name still counts) unless "--" ends the options; long options may be abbreviated to any
// unique prefix; an optional argument is only taken in the attached forms `--keep=off` and
// `-koff` (`--tls isp` means tls on plus the account isp); a required argument may also be
// the next word (`--port 995`, `-C file`).

#include <optional>
#include <string>
#include <vector>

#include "config/account.hpp"
#include "config/setting_table.hpp"
#include "util/result.hpp"

namespace mpop::config {

inline constexpr int kDefaultJobs = 8;
inline constexpr int kMaxJobs = 64;

struct CommandLine {
  bool help = false;
  bool version = false;
  bool pretend = false;     // -P
  bool debug = false;       // -d
  bool quiet = false;       // -q
  bool half_quiet = false;  // -Q
  // Modes; at most one is set (ParseCommandLine checks). None: retrieval.
  bool serverinfo = false;                       // -S
  bool status_only = false;                      // -s
  bool auth_only = false;                        // -A
  std::optional<std::string> configure_address;  // --configure=ADDRESS
  bool mda = false;                              // --mda
  std::optional<std::string> import_uidls;       // --import-uidls=FILE
  bool authorize = false;                        // --authorize: OAuth2 tokens
  bool poll = false;                             // --poll: keep retrieving on a schedule
  std::optional<std::string> mda_from;           // --mda's one optional non-option argument

  bool all_accounts = false;                // -a
  std::optional<std::string> config_file;   // -C / --file, as given
  std::vector<std::string> accounts;        // in command-line order; empty with --mda
  int jobs = kDefaultJobs;                  // -j / --jobs: accounts retrieved concurrently
  bool accept_new = false;                  // --accept-new: the re-download guard lets this run go
  bool mark_seen = false;                   // --mark-seen: record every listed mail, fetch none
  bool dry_run = false;                     // --dry-run: print the plan, change nothing
  bool json = false;                        // --json: JSON Lines instead of the human text
  std::optional<std::string> metrics_file;  // --metrics-file: Prometheus textfile metrics

  // The settings given on the command line; `overrides.explicitly_set` says which. The
  // other fields keep Account's defaults and mean nothing.
  Account overrides;

  // --host: no configuration file, one unnamed account from the command line alone.
  bool HostMode() const { return overrides.IsSet(&Account::host); }

  bool operator==(const CommandLine&) const = default;
};

// Parses argv[1..argc-1] (argv[0] is the program name and ignored). Errors are kUsage with
// one line and no "mpop: " prefix:
//   unknown or malformed options, in getopt's words ("unrecognized option '--x'", "option
//   '--t' is ambiguous; possibilities: '--timeout' '--tls' ...", "invalid option -- 'x'",
//   "option '--port' requires an argument", "option requires an argument -- 'C'",
//   "option '--help' doesn't allow an argument");
//   bad values: "invalid argument X for --opt" (the long name even for -kX);
//   bad combinations: several modes (--mark-seen and --dry-run count as modes), --accept-new
//   with a mode other than retrieval or --dry-run, --json with --pretend, --debug or a mode
//   that prints no account report (--configure, --mda, --import-uidls, --authorize), -a with
//   account names, --host with account names or -a, --mda without --delivery or with more than one
//   argument, --configure with accounts.
// With --help or --version the combination checks are skipped (they print and exit).
//
// Not thread-safe: getopt_long keeps its state in globals (optind, optarg, ...), which this
// function resets before and after use, so it can be called again.
// `settings`: the settings whose options are accepted (tests add one).
Result<CommandLine> ParseCommandLine(int argc, char** argv,
                                     const SettingTable& settings = Settings());

}  // namespace mpop::config
