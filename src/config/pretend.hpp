#pragma once
// The --pretend dump of one account (doc/COMPAT.md 7.3), also printed at the start of --debug.
// Byte for byte the layout of upstream mpop: "key = value" lines, unset values as
// "(not set)", the password as "*".

#include <string>

#include "config/account.hpp"
#include "config/setting_table.hpp"

namespace mpop::config {

// The block for a finished account (FinishAccount()), each line ending in "\n":
// "using account NAME from FILE" first for configuration-file accounts, then the
// connection, authentication and TLS settings, then, when `retrieval` is true, delivery,
// uidls file (with %U/%H expanded), only_new, keep, killsize, skipsize and filter.
// Prints "password = *" whenever a password is set: upstream evaluates passwordeval before
// printing, so callers run passwordeval first to get the same output.
std::string FormatPretend(const Account& account, bool retrieval,
                          const SettingTable& settings = Settings());

}  // namespace mpop::config
