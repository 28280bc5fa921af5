#pragma once
// AccountOutput: where one account's status lines, progress, debug trace and errors go.
// When accounts run one at a time it writes straight through to stdout/stderr (so a user
// watching sees progress live); when several run at once it collects everything and
// Flush() prints it whole, so the lines of two accounts never interleave.

#include <cstdint>
#include <cstdio>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace mpop::client {

// Serialises whole-block writes of several accounts to the process's stdout/stderr.
class ConsoleLock {
 public:
  std::mutex& mutex() { return mutex_; }

 private:
  std::mutex mutex_;
};

class AccountOutput {
 public:
  AccountOutput(ConsoleLock& console, bool buffered) : console_(console), buffered_(buffered) {}
  AccountOutput(const AccountOutput&) = delete;
  AccountOutput& operator=(const AccountOutput&) = delete;
  ~AccountOutput() { Flush(); }

  void Out(std::string_view text);  // stdout
  void Err(std::string_view text);  // stderr
  // Prints what was collected (buffered mode) under the console lock.
  void Flush();

 private:
  struct Piece {
    bool to_stderr;
    std::string text;
  };
  void Write(bool to_stderr, std::string_view text);

  ConsoleLock& console_;
  bool buffered_;
  std::vector<Piece> pieces_;  // buffered mode: stdout and stderr text in order
};

// The progress display of doc/COMPAT.md 7.4 for one mail:
// "retrieving message I of N (SIZE):   0%\b\b\b\b", percent updates, "100\n".
class Progress {
 public:
  Progress(AccountOutput& out, bool enabled) : out_(out), enabled_(enabled) {}
  void Begin(std::int64_t index, std::int64_t count, std::int64_t size);
  void Advance(std::int64_t bytes);
  void End();    // "100\n"
  void Abort();  // "\n"
  bool enabled() const { return enabled_; }

 private:
  AccountOutput& out_;
  bool enabled_;
  bool active_ = false;
  std::int64_t size_ = 0;
  std::int64_t done_ = 0;
  int percent_ = 0;
};

}  // namespace mpop::client
