#pragma once
// The mpoprc configuration file (manual chapter 2, doc/COMPAT.md 6): reading, parsing into
// accounts, and the security check for files that hold a password.
//
// Accounts come out as written, with `defaults` and `account a : b,c` inheritance applied
// and every path tilde-expanded, but without the defaults that depend on other settings
// (port, trust file, proxy port, UIDLs file) and without consistency checks: command-line
// overrides go on top first, then FinishAccount() (config/finish.hpp) completes them.
//
// Errors carry no "mpop: " prefix:
//   "FILE: line N: WHAT" (kConfig) for every bad line, e.g. "unknown command hots (did you
//     mean 'host'?)", "command port needs an argument", "invalid argument 0 for command
//     port", "invalid size (not a number or out of range): 1g", "line longer than 500
//     characters", "first command must be account or defaults", "missing account name",
//     "account a was already defined", "account x not (yet) defined", "an account name
//     must not contain colons or commas", "command defaults does not take an argument";
//   "FILE: line N: <why the command failed>" (kIoErr) for a failed `eval`;
//   "FILE: <strerror>" (kIoErr) when the file cannot be read;
//   "FILE: contains secrets and therefore must be owned by you" or "... must have no more
//     than user read/write permissions" (kConfig) for an unsafe file with a password line.
// Control characters of the file are shown as '?' in messages.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "config/account.hpp"
#include "config/setting_table.hpp"
#include "util/result.hpp"

namespace mpop::config {

struct ConfigFile {
  std::string path;
  std::vector<Account> accounts;  // in file order; each has name and config_file = path
  // The file has a literal `password` line (not one made by `eval`), which makes
  // LoadConfigFile() insist on safe ownership and permissions.
  bool has_password_line = false;

  bool operator==(const ConfigFile&) const = default;
};

// Runs the command of an `eval` line and returns the line to parse instead.
using EvalFunction = std::function<Result<std::string>(std::string_view command)>;

struct ParseOptions {
  // Empty: run the command through /bin/sh (util/shell.hpp EvalFirstLine). Tests and the
  // fuzzer put a pure function here.
  EvalFunction eval;
  // The settings the file may set (tests add one to see a row do all its work).
  const SettingTable* settings = &Settings();
};

// Reads and parses the file, running its `eval` lines, then checks ownership and
// permissions if it has a `password` line (after parsing, so syntax errors come first).
Result<ConfigFile> LoadConfigFile(const std::string& path);

// Parses `text` as if it came from the file `path` (used only in messages and in
// Account::config_file). No I/O except what options.eval does.
Result<ConfigFile> ParseConfig(std::string_view text, const std::string& path,
                               ParseOptions options = {});

// The account named `name`, or nullptr.
const Account* FindAccount(const ConfigFile& file, std::string_view name);

}  // namespace mpop::config
