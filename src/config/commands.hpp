#pragma once
// The table of mpoprc setting commands (manual chapter 2): name, the Setting it changes,
// whether an argument is required, and how the argument is stored into an Account.
// `account`, `defaults` and `eval` shape the file rather than a setting; the file parser
// (config/config_file.hpp) handles them itself.

#include <span>
#include <string_view>

#include "config/account.hpp"
#include "util/result.hpp"

namespace mpop::config {

struct CommandSpec {
  std::string_view name;
  Setting setting;      // Setting::kCount: changes nothing (tls_force_sslv3)
  bool needs_argument;  // empty argument: "command X needs an argument"
  bool own_error_text;  // true: Apply's error text is shown as is (sizes); else the
                        // caller says "invalid argument X for command NAME"
  // Stores `argument` (already trimmed and unquoted) into `account`. Does not mark the
  // setting as set; the caller does.
  Status (*apply)(std::string_view argument, Account& account);
};

// Every setting command, in manual order.
std::span<const CommandSpec> SettingCommands();

// The row named exactly `name` (case-sensitive), or nullptr.
const CommandSpec* FindSettingCommand(std::string_view name);

}  // namespace mpop::config
