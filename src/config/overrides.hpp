#pragma once
// Command-line settings override the same settings of every selected account
// (doc/COMPAT.md 7.1). The command line collects them in an Account whose explicitly_set mask
// says which ones it set (config/command_line.hpp).

#include "config/account.hpp"

namespace mpop::config {

// Copies into `target` exactly the settings marked in `overrides.explicitly_set` and marks
// them explicitly set in `target` too, so FinishAccount() treats them as the user's choice
// (e.g. `--tls-trust-file=` keeps "no trust file" instead of defaulting to "system").
// Other settings, the name and config_file of `target` are left alone.
void ApplyOverrides(const Account& overrides, Account& target);

}  // namespace mpop::config
