#pragma once
// Where mpop's files live: the home directory and the default configuration file
// (doc/COMPAT.md 6). Reads the environment and the passwd database; touches no other state.

#include <string>

namespace mpop::config {

// $HOME if set and not empty, else the home directory of the effective user's passwd
// entry; empty if neither exists.
std::string HomeDirectory();

// ~/.mpoprc if it exists; else $XDG_CONFIG_HOME/mpop/config (~/.config/mpop/config when
// XDG_CONFIG_HOME is unset or empty) if that exists; else ~/.mpoprc, so that the error
// about a missing file names the traditional place.
std::string DefaultConfigPath();

}  // namespace mpop::config
