#include "client/session_reporters.hpp"

#include <cstdio>
#include <memory>

#include "client/json_lines.hpp"
#include "client/metrics_file.hpp"
#include "client/session_log.hpp"
#include "util/i18n.hpp"

namespace mpop::client {
namespace {

void Warn(bool json, const AccountReport& report, const Error& error) {
  if (json) {
    nlohmann::json object = JsonObject("warning");
    object["account"] = report.account;
    object["message"] = error.message;
    JsonLines().Write(object);
    return;
  }
  std::fflush(stdout);
  std::fprintf(stderr, "mpop: %s\n", error.message.c_str());
}

}  // namespace

Result<AccountEndFunction> OpenSessionReporters(const ReporterOptions& options,
                                                const std::vector<config::Account>& accounts) {
  for (const config::Account& account : accounts) {
    if (options.json && account.logfile == "-") {
      return Error::Usage(
          account.name.empty()
              ? std::string(Tr("cannot use both --json and logfile - (standard output)"))
              : TrFormat("cannot use both --json and logfile - (standard output) in account {}",
                         account.name));
    }
  }
  std::shared_ptr<MetricsFile> metrics;
  if (options.metrics_file) {
    Result<MetricsFile> opened = MetricsFile::Open(*options.metrics_file);
    if (!opened) return std::move(opened).error();
    metrics = std::make_shared<MetricsFile>(std::move(*opened));
  }
  const bool json = options.json;
  return AccountEndFunction([metrics, json](const AccountReport& report) {
    const bool wants_line = !report.logfile.empty() || !report.syslog.empty();
    const std::string line = wants_line ? FormatSessionLine(report) : std::string();
    if (!report.logfile.empty()) {
      if (Status logged = AppendLogLine(report.logfile, line); !logged) {
        Warn(json, report, logged.error());
      }
    }
    if (!report.syslog.empty()) SendToSyslog(report.syslog, report.code != ExitCode::kOk, line);
    if (metrics) {
      if (Status updated = metrics->Update(report); !updated) Warn(json, report, updated.error());
    }
  });
}

AccountEndFunction ChainAccountEnd(AccountEndFunction first, AccountEndFunction second) {
  if (!first) return second;
  if (!second) return first;
  return [first = std::move(first), second = std::move(second)](const AccountReport& report) {
    first(report);
    second(report);
  };
}

}  // namespace mpop::client
