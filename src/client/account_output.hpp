#pragma once
// AccountOutput: where one account's status lines, progress, debug trace and errors go.
// When accounts run one at a time it writes straight through to stdout/stderr (so a user
// watching sees progress live); when several run at once it collects everything and
// Flush() prints it whole, so the lines of two accounts never interleave.
//
// With --json (EnableJson) the human text goes nowhere: Out() drops it, Err() turns each
// line into a "warning" object, and Json() writes the objects, one line each, through the
// same ordering.

#include <cstdint>
#include <cstdio>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
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

class OrderedPrinter;

class AccountOutput {
 public:
  // One stretch of output to one stream.
  struct Piece {
    bool to_stderr;
    std::string text;
  };

  // `printer`: in buffered mode, Flush() hands the output to it as account `position`
  // instead of printing it at once.
  AccountOutput(ConsoleLock& console, bool buffered, OrderedPrinter* printer = nullptr,
                std::size_t position = 0)
      : console_(console), buffered_(buffered), printer_(printer), position_(position) {}
  AccountOutput(const AccountOutput&) = delete;
  AccountOutput& operator=(const AccountOutput&) = delete;
  ~AccountOutput() { Flush(); }

  void Out(std::string_view text);  // stdout
  void Err(std::string_view text);  // stderr
  // --json from now on; `account` names the warnings' account.
  void EnableJson(std::string account);
  bool json() const { return json_; }
  // One JSON Lines object to stdout (client/json_lines.hpp); only in JSON mode.
  void Json(const nlohmann::json& object);
  // Prints what was collected (buffered mode) under the console lock, or hands it to the
  // printer. Once only: later output is printed at once.
  void Flush();

  // Writes the pieces to stdout and stderr; the caller holds the console lock.
  static void Print(const std::vector<Piece>& pieces);

 private:
  void Write(bool to_stderr, std::string_view text);

  ConsoleLock& console_;
  bool buffered_;
  OrderedPrinter* printer_;
  std::size_t position_;
  std::vector<Piece> pieces_;  // buffered mode: stdout and stderr text in order
  bool json_ = false;
  std::string json_account_;
};

// Prints the output of accounts that run at the same time whole and in the order of the
// accounts (as given on the command line or in the file), however their sessions
// interleave: an account's block waits for every account before it. Nobody waits for the
// printing: the account that completes the next missing block prints it and every block
// after it that is ready.
class OrderedPrinter {
 public:
  OrderedPrinter(ConsoleLock& console, std::size_t accounts)
      : console_(console), finished_(accounts) {}

  // Account `position` has ended; `pieces` is everything it wrote.
  void Finished(std::size_t position, std::vector<AccountOutput::Piece> pieces);

 private:
  ConsoleLock& console_;
  std::vector<std::optional<std::vector<AccountOutput::Piece>>> finished_;  // console lock
  std::size_t next_ = 0;  // the first account not printed yet; console lock
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
