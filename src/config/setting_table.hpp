#pragma once
// The settings of an account as one table (the model is Dovecot's pop3-settings.c, whose
// rows drive parsing, defaults and dumping). One row per setting says everything about it:
// its mpoprc command, its command-line option and --help line, how a value is parsed from
// either, how --pretend prints it, and which Account member holds it. What reads the rows:
//   - the configuration file parser (config/config_file.cpp): commands and their errors,
//   - `account a : b` inheritance and the command-line overrides (CopyExplicitSettings),
//   - the command line (config/command_line.cpp) and --help (client/help.cpp), through
//     config/option_table.hpp, which adds the options that are not settings,
//   - --pretend (config/pretend.cpp), in the table's order.
//
// To add a setting: add its member to Account (config/account.hpp) and one row to
// kSettings in config/setting_rows.cpp, in the place where --pretend should print it,
// made from a value kind of config/setting_kinds.hpp (a new kind only for a new type of
// value). Nothing else: the command, the option, --help, inheritance, overrides and
// --pretend follow from the row.

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "config/account.hpp"
#include "util/result.hpp"

namespace mpop::config {

// kOptional arguments exist only in the attached forms `--opt=value` and `-kvalue`; a
// separate next word is an account name (`--tls isp` = tls on, account isp).
enum class OptionArg { kNone, kRequired, kOptional };

// Where --help lists an option. Settings of kRetrieval are also the ones --pretend prints
// only for retrieval.
enum class OptionGroup { kGeneral, kMode, kConfiguration, kRetrieval };

// The command-line option of a setting; long_name nullptr: the setting has none.
struct SettingOption {
  const char* long_name = nullptr;  // without "--"
  char short_name = '\0';           // '\0' if the option has no short form
  OptionArg arg = OptionArg::kRequired;
  std::string_view help_argument;  // shown after "--name", e.g. "=(on|off)"; may be empty
  std::string_view help_text;      // one line; empty: not listed (--tls-force-sslv3)
};

struct SettingRow {
  std::string_view command;  // the mpoprc command
  OptionGroup group = OptionGroup::kConfiguration;
  bool needs_argument = false;  // in the file: "command X needs an argument" when empty
  bool own_error_text = false;  // the parser's error text is shown as is (sizes); else the
                                // file says "invalid argument X for command NAME"
  // Added to a bad value's error after "; ", with "{command}" replaced by the command:
  // what a value must look like. Empty: nothing added.
  std::string_view hint;
  // Stores a file argument (already trimmed and unquoted) into the account. Does not mark
  // the setting as set; the caller does.
  Status (*apply_file)(std::string_view argument, Account& account) = nullptr;
  SettingOption option;
  // Stores an option's argument (nullptr: none given, only for kOptional); false: the
  // argument is invalid ("invalid argument X for --opt").
  bool (*apply_option)(const char* argument, Account& account) = nullptr;
  std::string_view pretend_key;  // empty: --pretend does not print it
  // Printed only when set explicitly: settings that upstream mpop does not have, so that
  // --pretend stays byte for byte upstream's for configurations without them.
  bool pretend_only_when_set = false;
  std::string (*print)(const Account& account) = nullptr;  // the value for --pretend
  // The member that holds the value in `account`; nullptr for a command that sets nothing
  // (tls_force_sslv3, accepted for old configurations).
  const void* (*field)(const Account& account) = nullptr;
  void (*copy)(const Account& from, Account& to) = nullptr;
};

// A table of settings: mpop's own (Settings()), or in tests one with a setting more. The
// bit of a row in Account::explicitly_set is its index in the table.
class SettingTable {
 public:
  constexpr explicit SettingTable(std::span<const SettingRow> rows) : rows_(rows) {}

  // Every setting, in the order --pretend prints them.
  std::span<const SettingRow> rows() const { return rows_; }
  // The row of the mpoprc command named exactly `name` (case-sensitive), or nullptr.
  const SettingRow* Find(std::string_view command) const;
  // Marks the row's setting explicitly set in `account` (nothing for a row without field).
  void MarkSet(const SettingRow& row, Account& account) const;
  // Whether the setting held at `field` (an address inside `account`) was set explicitly.
  bool IsSet(const Account& account, const void* field) const;
  // Copies every setting explicitly set in `from` into `to`, marking each one set: what
  // `account to : from` does, and how command-line overrides apply.
  void CopyExplicit(const Account& from, Account& to) const;

 private:
  std::span<const SettingRow> rows_;
};

// mpop's settings (config/setting_rows.cpp).
const SettingTable& Settings();

// Shorthands for Settings().
inline std::span<const SettingRow> SettingRows() { return Settings().rows(); }
inline const SettingRow* FindSettingCommand(std::string_view name) { return Settings().Find(name); }
inline void MarkSet(const SettingRow& row, Account& account) { Settings().MarkSet(row, account); }

}  // namespace mpop::config
