#pragma once
// The objects of --json's account report (doc/mpop-json.schema.json, doc/mpop.1 "JSON
// OUTPUT"), made from an AccountReport: "account_start", "status", "mail", "account_end"
// and the run's last line, "run_end". Errors are client/json_lines.hpp's ErrorJson().

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "client/account_report.hpp"
#include "client/account_runner.hpp"

namespace mpop::client {

// The mode's name in the objects: "retrieve", "status-only", "auth-only", "serverinfo",
// "dry-run", "mark-seen".
std::string_view ModeName(const RunOptions& options);

// "2026-12-05T20:01:02.345Z": UTC, milliseconds.
std::string FormatUtcTime(std::chrono::system_clock::time_point time);

// At the start of an account: account, host, user, mode, time.
nlohmann::json AccountStartJson(const AccountReport& report, std::string_view mode);
// The status line's numbers.
nlohmann::json StatusJson(const AccountReport& report, const MailboxStatus& status);
// What happened to one mail.
nlohmann::json MailJson(const AccountReport& report, const MailEvent& mail);
// At the end of an account: its counts, bytes, seconds, exit code and error message.
nlohmann::json AccountEndJson(const AccountReport& report, std::string_view mode);
// The last line of a run: the exit code mpop returns, and how many accounts failed.
nlohmann::json RunEndJson(ExitCode code, std::size_t accounts, std::size_t failed);

}  // namespace mpop::client
