#pragma once
// The texts of mpopd --help and --version.

#include <string>

namespace mpop::server {

std::string DaemonHelpText();
std::string DaemonVersionText();

}  // namespace mpop::server
