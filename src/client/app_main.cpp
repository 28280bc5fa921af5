#include "client/app_main.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <optional>
#include <string>
#include <vector>

#include "client/account_runner.hpp"
#include "client/authorize.hpp"
#include "client/configure.hpp"
#include "client/help.hpp"
#include "client/import_uidls.hpp"
#include "client/json_lines.hpp"
#include "client/mda_mode.hpp"
#include "client/oauth2_account.hpp"
#include "client/poll_loop.hpp"
#include "client/session_reporters.hpp"
#include "client/version.hpp"
#include "config/command_line.hpp"
#include "config/config_file.hpp"
#include "config/finish.hpp"
#include "config/overrides.hpp"
#include "config/paths.hpp"
#include "config/pretend.hpp"
#include "util/i18n.hpp"
#include "util/shell.hpp"

namespace mpop::client {
namespace {

using config::Account;
using config::CommandLine;

int PrintError(const Error& error) {
  const std::string text = FormatErrorLines(error, "mpop");
  std::fflush(stdout);
  std::fputs(text.c_str(), stderr);
  return static_cast<int>(error.code);
}

// --json: an error that stops mpop before any account runs, as an "error" object.
int PrintJsonError(const Error& error) {
  JsonLines().Write(ErrorJson(nullptr, error));
  return static_cast<int>(error.code);
}

void Print(const std::string& text) { std::fwrite(text.data(), 1, text.size(), stdout); }

Mode ModeOf(const CommandLine& cl) {
  if (cl.serverinfo) return Mode::kServerInfo;
  if (cl.status_only) return Mode::kStatusOnly;
  if (cl.auth_only) return Mode::kAuthOnly;
  return Mode::kRetrieve;
}

config::Purpose PurposeOf(Mode mode) {
  switch (mode) {
    case Mode::kServerInfo:
      return config::Purpose::kServerInfo;
    case Mode::kStatusOnly:
      return config::Purpose::kStatusOnly;
    case Mode::kAuthOnly:
      return config::Purpose::kAuthOnly;
    case Mode::kRetrieve:
      break;
  }
  return config::Purpose::kRetrieval;
}

// The file's accounts that the command line names (doc/COMPAT.md 7.2), as copies.
Result<std::vector<Account>> SelectAccounts(const config::ConfigFile& file, const CommandLine& cl) {
  if (cl.all_accounts) {
    if (file.accounts.empty()) return Error::Config(TrFormat("{}: no accounts defined", file.path));
    return file.accounts;
  }
  std::vector<std::string> names = cl.accounts;
  if (names.empty()) names.push_back("default");
  std::vector<Account> selected;
  for (const std::string& name : names) {
    const Account* account = config::FindAccount(file, name);
    if (account == nullptr) return Error::Config(TrFormat("{}: no account {}", file.path, name));
    selected.push_back(*account);
  }
  return selected;
}

// Selected, overridden and finished accounts for the mode.
Result<std::vector<Account>> LoadAccounts(const CommandLine& cl, config::Purpose purpose) {
  std::vector<Account> accounts;
  if (cl.HostMode()) {
    accounts.emplace_back();  // no name, no file: built-in defaults only
  } else {
    const std::string path = cl.config_file.value_or(config::DefaultConfigPath());
    Result<config::ConfigFile> file = config::LoadConfigFile(path);
    if (!file) {
      Error error = std::move(file).error();
      if (::access(path.c_str(), F_OK) != 0 && errno == ENOENT) {
        // The first thing a new user meets: say how to get going.
        error.message +=
            Tr("; write one (man mpop shows an example), let mpop --configure=ADDRESS suggest "
               "one, or name the server with --host=HOST");
      }
      return error;
    }
    Result<std::vector<Account>> selected = SelectAccounts(*file, cl);
    if (!selected) return std::move(selected).error();
    accounts = std::move(*selected);
  }
  for (Account& account : accounts) {
    config::ApplyOverrides(cl.overrides, account);
    MPOP_TRY(config::FinishAccount(account, purpose));
  }
  return accounts;
}

// Upstream runs passwordeval before printing the settings, so a working command shows as
// "password = *" and a failing one stops mpop with EX_CONFIG.
Status EvaluatePasswords(std::vector<Account>& accounts) {
  for (Account& account : accounts) {
    if (account.password || !account.password_eval) continue;
    Result<std::string> password = EvalFirstLine(*account.password_eval);
    if (!password) return Error::Config(password.error().message);
    account.password = std::move(*password);
  }
  return {};
}

// --import-uidls: no connection, no delivery needed; each account's UIDLs file is updated.
int RunImport(const CommandLine& cl) {
  Result<std::vector<Account>> accounts = LoadAccounts(cl, config::Purpose::kStatusOnly);
  if (!accounts) return PrintError(accounts.error());
  Result<std::string> report =
      ImportUidls(*accounts, *cl.import_uidls, static_cast<std::int64_t>(std::time(nullptr)));
  if (!report) return PrintError(report.error());
  if (!cl.quiet) Print(*report);
  return 0;
}

int RunNetworkModes(const CommandLine& cl) {
  const Mode mode = ModeOf(cl);
  auto fail = [&cl](const Error& error) {
    return cl.json ? PrintJsonError(error) : PrintError(error);
  };
  Result<std::vector<Account>> accounts = LoadAccounts(cl, PurposeOf(mode));
  if (!accounts) return fail(accounts.error());
  if (cl.pretend || cl.debug) {
    if (Status evaluated = EvaluatePasswords(*accounts); !evaluated) {
      return PrintError(evaluated.error());
    }
    for (Account account : *accounts) {
      // --poll: the interval it polls at is shown even when it is the default.
      if (cl.poll) account.MarkSet(&Account::poll_interval_seconds);
      Print(config::FormatPretend(account, mode != Mode::kServerInfo));
    }
    if (cl.pretend) return 0;
    std::fflush(stdout);
  }
  RunOptions options;
  // libcurl is initialised here, before the account threads, and only when needed.
  std::optional<oauth2::CurlLibrary> http_library;
  // --poll: also for accounts a reloaded configuration may bring.
  if (cl.poll || std::any_of(accounts->begin(), accounts->end(), UsesOAuth2)) {
    Result<oauth2::CurlLibrary> library = oauth2::CurlLibrary::Init();
    if (!library) return fail(library.error());
    http_library.emplace(std::move(*library));
    options.http_library = &*http_library;
    options.oauth2_token_directory = OAuth2TokenDirectory();
  }
  options.mode = mode;
  options.quiet = cl.quiet;
  options.half_quiet = cl.half_quiet;
  options.debug = cl.debug;
  options.max_parallel = cl.jobs;
  options.accept_new = cl.accept_new;
  options.mark_seen = cl.mark_seen;
  options.dry_run = cl.dry_run;
  options.json = cl.json;
  Result<AccountEndFunction> reporters =
      OpenSessionReporters({.metrics_file = cl.metrics_file, .json = cl.json}, *accounts);
  if (!reporters) return fail(reporters.error());
  options.on_account_end = std::move(*reporters);
  if (cl.poll) {
    return RunPollLoop(std::move(*accounts), options,
                       [&cl] { return LoadAccounts(cl, config::Purpose::kRetrieval); });
  }
  return static_cast<int>(RunAccounts(*accounts, options));
}

// --authorize: each account's flow in turn (they are interactive), stopping at the first
// failure.
int RunAuthorize(const CommandLine& cl) {
  Result<std::vector<Account>> accounts = LoadAccounts(cl, config::Purpose::kAuthorize);
  if (!accounts) return PrintError(accounts.error());
  if (cl.pretend) {
    for (const Account& account : *accounts) Print(config::FormatPretend(account, false));
    return 0;
  }
  Result<oauth2::CurlLibrary> library = oauth2::CurlLibrary::Init();
  if (!library) return PrintError(library.error());
  const char* display = std::getenv("DISPLAY");
  const char* wayland = std::getenv("WAYLAND_DISPLAY");
  const AuthorizeOptions options{.http_library = *library,
                                 .token_directory = OAuth2TokenDirectory(),
                                 .out = stdout,
                                 .terminal = ::isatty(STDOUT_FILENO) == 1,
                                 .open_browser = (display != nullptr && *display != '\0') ||
                                                 (wayland != nullptr && *wayland != '\0')};
  for (const Account& account : *accounts) {
    if (Status authorized = Authorize(account, options); !authorized) {
      return PrintError(authorized.error());
    }
  }
  return 0;
}

}  // namespace

int AppMain(int argc, char** argv) {
  Result<CommandLine> cl = config::ParseCommandLine(argc, argv);
  if (!cl) return PrintError(cl.error());
  // --json is read by programs: its messages stay English in every language.
  if (cl->json) UseUntranslatedMessages();
  if (cl->version) {
    Print(VersionText(cl->config_file.value_or(config::DefaultConfigPath())));
    return 0;
  }
  if (cl->help) {
    Print(HelpText());
    return 0;
  }
  if (cl->configure_address) {
    Result<std::string> text = GenerateConfiguration(
        *cl->configure_address,
        {.config_path = cl->config_file.value_or(config::DefaultConfigPath())});
    if (!text) return PrintError(text.error());
    Print(*text);
    return 0;
  }
  if (cl->mda) {
    Status delivered = RunMdaMode(cl->overrides.delivery, cl->mda_from, STDIN_FILENO,
                                  config::CommandTimeout(cl->overrides));
    return delivered ? 0 : PrintError(delivered.error());
  }
  if (cl->import_uidls) return RunImport(*cl);
  if (cl->authorize) return RunAuthorize(*cl);
  return RunNetworkModes(*cl);
}

}  // namespace mpop::client
