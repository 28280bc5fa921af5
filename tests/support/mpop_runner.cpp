#include "support/mpop_runner.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>

namespace mpop::testing {

MpopHome::MpopHome() : home_(dir_.path().string()) {}

void MpopHome::WriteConfig(const std::string& text) {
  const std::string path = home_ + "/.mpoprc";
  WriteFile(path, text);
  ::chmod(path.c_str(), 0600);
}

std::string MpopHome::MakeMaildir(const std::string& name) {
  const std::string path = home_ + "/" + name;
  ::mpop::testing::MakeMaildir(path);
  return path;
}

RunResult MpopHome::Run(const std::vector<std::string>& args,
                        std::chrono::milliseconds timeout) const {
  return RunBinary(MPOP_BIN, args, timeout);
}

RunResult MpopHome::RunBinary(const std::string& binary, const std::vector<std::string>& args,
                              std::chrono::milliseconds timeout) const {
  Command command;
  command.argv.push_back(binary);
  command.argv.insert(command.argv.end(), args.begin(), args.end());
  command.env = {{"HOME", home_}, {"USER", "tester"}};
  // Not the developer's desktop session: no key ring unless a test starts one.
  command.unset_env = {"XDG_CONFIG_HOME", "XDG_STATE_HOME", "LOGNAME", "DBUS_SESSION_BUS_ADDRESS",
                       "XDG_RUNTIME_DIR"};
  return RunToResult(command, {.timeout = timeout});
}

std::vector<std::string> FilesIn(const std::string& dir) {
  std::vector<std::string> files;
  std::error_code ignored;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ignored)) {
    if (entry.is_regular_file()) files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string DovecotAccount(const std::string& name, int port, const std::string& user,
                           const std::string& password, const std::string& maildir,
                           const std::string& extra) {
  return "account " + name + "\nhost 127.0.0.1\nport " + std::to_string(port) + "\nuser " + user +
         "\npassword " + password + "\nauth user\ndelivery maildir " + maildir + "\n" + extra;
}

}  // namespace mpop::testing
