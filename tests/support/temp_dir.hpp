#pragma once
// ScopedTempDir: a fresh directory under $TMPDIR, removed with everything in it when the
// object goes out of scope.

#include <filesystem>
#include <string>

namespace mpop::testing {

class ScopedTempDir {
 public:
  ScopedTempDir();
  ~ScopedTempDir();
  ScopedTempDir(const ScopedTempDir&) = delete;
  ScopedTempDir& operator=(const ScopedTempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // path() / name, as a string.
  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// Writes bytes to path (creating or truncating it); aborts the test on failure.
void WriteFile(const std::string& path, const std::string& bytes);
// Reads a whole file; empty string if it cannot be read.
std::string ReadFile(const std::string& path);
// Creates the maildir `path` with its tmp/, new/ and cur/ (and any missing parents);
// returns path.
std::string MakeMaildir(const std::string& path);

}  // namespace mpop::testing
