#include "config/paths.hpp"

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <vector>

namespace mpop::config {
namespace {

bool Exists(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

std::string PasswdHome() {
  long size = ::sysconf(_SC_GETPW_R_SIZE_MAX);
  std::vector<char> buffer(size > 0 ? static_cast<std::size_t>(size) : 16384);
  struct passwd entry;
  struct passwd* found = nullptr;
  if (::getpwuid_r(::geteuid(), &entry, buffer.data(), buffer.size(), &found) != 0 ||
      found == nullptr || found->pw_dir == nullptr) {
    return {};
  }
  return found->pw_dir;
}

}  // namespace

std::string HomeDirectory() {
  const char* home = std::getenv("HOME");
  if (home != nullptr && *home != '\0') return home;
  return PasswdHome();
}

std::string DefaultConfigPath() {
  std::string home = HomeDirectory();
  std::string classic = home + "/.mpoprc";
  if (Exists(classic)) return classic;
  // The XDG base directory spec says an empty XDG_CONFIG_HOME counts as unset.
  const char* xdg = std::getenv("XDG_CONFIG_HOME");
  std::string config_home = (xdg != nullptr && *xdg != '\0') ? xdg : home + "/.config";
  std::string xdg_file = config_home + "/mpop/config";
  if (Exists(xdg_file)) return xdg_file;
  return classic;
}

}  // namespace mpop::config
