#pragma once
// MpopHome: a private $HOME for running the real mpop binary in integration tests, with a
// configuration file written by the test and helpers to look at maildirs.

#include <string>
#include <vector>

#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace mpop::testing {

class MpopHome {
 public:
  MpopHome();

  const std::string& home() const { return home_; }
  // Writes ~/.mpoprc (mode 0600).
  void WriteConfig(const std::string& text);
  // Creates a maildir (tmp, new, cur) under the home and returns its path.
  std::string MakeMaildir(const std::string& name);
  // Runs the mpop under test with HOME set to this home and the given arguments.
  RunResult Run(const std::vector<std::string>& args,
                std::chrono::milliseconds timeout = std::chrono::seconds(120)) const;
  // The same for another binary (e.g. Debian's mpop, to compare with).
  RunResult RunBinary(const std::string& binary, const std::vector<std::string>& args,
                      std::chrono::milliseconds timeout = std::chrono::seconds(120)) const;

 private:
  ScopedTempDir dir_;
  std::string home_;
};

// Regular files in DIR, sorted by name, as full paths.
std::vector<std::string> FilesIn(const std::string& dir);

// An account block for a Dovecot user: host, port, user, password, auth user, maildir.
std::string DovecotAccount(const std::string& name, int port, const std::string& user,
                           const std::string& password, const std::string& maildir,
                           const std::string& extra = "");

}  // namespace mpop::testing
