#pragma once
// --metrics-file FILE: Prometheus' textfile-collector format (node_exporter's
// --collector.textfile.directory), rewritten after each account session. Per account
// (label account="NAME"; the host for --host):
//   mpop_last_attempt_timestamp_seconds   when its last session ended (gauge)
//   mpop_last_success_timestamp_seconds   when its last successful session ended (gauge)
//   mpop_last_session_duration_seconds    how long its last session took (gauge)
//   mpop_last_exit_code                   its last session's exit code (gauge)
//   mpop_sessions_total                   sessions (counter)
//   mpop_mails_fetched_total              mails delivered (counter)
//   mpop_bytes_fetched_total              their bytes, as the server listed them (counter)
//   mpop_failures_total{kind="tempfail"}  failed sessions by the sysexits kind (counter)
// The counters go on across runs and accounts not in this run keep their values: the file
// is read back when it is opened (lines this class did not write are dropped). It is
// replaced atomically (a temporary file beside it, then rename), so the collector never
// reads half of it. Within a process updates are serialised; two processes writing one
// file at once may lose one's update (the last rename wins).

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "client/account_report.hpp"
#include "util/result.hpp"

namespace mpop::client {

struct AccountMetrics {
  double last_attempt = 0;  // Unix time
  double last_success = 0;  // Unix time; 0: never
  double last_duration = 0;
  int last_exit_code = 0;
  std::uint64_t sessions = 0;
  std::uint64_t mails = 0;
  std::uint64_t bytes = 0;
  std::map<std::string, std::uint64_t> failures;  // by kind: "tempfail", "noperm", ...
  bool operator==(const AccountMetrics&) const = default;
};
using Metrics = std::map<std::string, AccountMetrics>;  // by account label

// The text of the file, accounts in label order.
std::string FormatMetrics(const Metrics& metrics);
// Reads FormatMetrics' text back; what it does not know is skipped.
Metrics ParseMetrics(std::string_view text);
// Adds one session.
void AddSession(Metrics& metrics, const AccountReport& report);

class MetricsFile {
 public:
  // Reads the file's current values (a missing file is empty; an unreadable one is an
  // error, so that a typo does not silently reset the counters).
  static Result<MetricsFile> Open(std::string path);
  MetricsFile(MetricsFile&& other) noexcept
      : path_(std::move(other.path_)), metrics_(std::move(other.metrics_)) {}

  // Adds the session and rewrites the file; from any thread.
  Status Update(const AccountReport& report);

 private:
  MetricsFile(std::string path, Metrics metrics)
      : path_(std::move(path)), metrics_(std::move(metrics)) {}
  std::string path_;
  std::mutex mutex_;
  Metrics metrics_;  // mutex_
};

}  // namespace mpop::client
