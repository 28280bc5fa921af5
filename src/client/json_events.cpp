#include "client/json_events.hpp"

#include <fmt/format.h>

#include <cmath>
#include <ctime>

#include "client/json_lines.hpp"

namespace mpop::client {
namespace {

nlohmann::json AccountObject(std::string_view type, const AccountReport& report) {
  nlohmann::json object = JsonObject(type);
  object["account"] = report.account;
  return object;
}

const char* FateName(MailFate fate) {
  switch (fate) {
    case MailFate::kDelivered:
      return "delivered";
    case MailFate::kSkipped:
      return "skipped";
    case MailFate::kKilled:
      return "killed";
    case MailFate::kOld:
      return "old";
    case MailFate::kNotDelivered:
      break;
  }
  return "not_delivered";
}

}  // namespace

std::string_view ModeName(const RunOptions& options) {
  switch (options.mode) {
    case Mode::kStatusOnly:
      return "status-only";
    case Mode::kAuthOnly:
      return "auth-only";
    case Mode::kServerInfo:
      return "serverinfo";
    case Mode::kRetrieve:
      break;
  }
  if (options.dry_run) return "dry-run";
  if (options.mark_seen) return "mark-seen";
  return "retrieve";
}

std::string FormatUtcTime(std::chrono::system_clock::time_point time) {
  const auto since_epoch = time.time_since_epoch();
  const std::time_t seconds = static_cast<std::time_t>(
      std::chrono::duration_cast<std::chrono::seconds>(since_epoch).count());
  const auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch).count() % 1000;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
  return fmt::format("{}.{:03d}Z", text, static_cast<int>(millis));
}

nlohmann::json AccountStartJson(const AccountReport& report, std::string_view mode) {
  nlohmann::json object = AccountObject("account_start", report);
  object["host"] = report.host;
  object["user"] = report.user;
  object["mode"] = mode;
  object["time"] = FormatUtcTime(report.started);
  return object;
}

nlohmann::json StatusJson(const AccountReport& report, const MailboxStatus& status) {
  nlohmann::json object = AccountObject("status", report);
  object["new_mails"] = status.new_mails;
  object["new_bytes"] = status.new_bytes;
  object["mails"] = status.mails;
  object["bytes"] = status.bytes;
  return object;
}

nlohmann::json MailJson(const AccountReport& report, const MailEvent& mail) {
  nlohmann::json object = AccountObject("mail", report);
  object["number"] = mail.number;
  object["uid"] = OptionalOrNull(mail.uid);
  object["size"] = mail.size;
  object["action"] = FateName(mail.fate);
  object["reason"] = TextOrNull(mail.reason);
  object["delivered_to"] = TextOrNull(mail.delivered_to);
  object["deleted"] = mail.deleted;
  object["kept"] = mail.kept;
  return object;
}

nlohmann::json AccountEndJson(const AccountReport& report, std::string_view mode) {
  nlohmann::json object = AccountObject("account_end", report);
  object["host"] = report.host;
  object["user"] = report.user;
  object["mode"] = mode;
  object["time"] = FormatUtcTime(
      report.started +
      std::chrono::duration_cast<std::chrono::system_clock::duration>(report.seconds));
  object["listed"] = report.listed;
  object["new_mails"] = report.new_mails;
  object["retrieved"] = report.retrieved;
  object["bytes"] = report.bytes;
  object["deleted"] = report.deleted;
  object["seconds"] = std::round(report.seconds.count() * 1000.0) / 1000.0;
  object["code"] = static_cast<int>(report.code);
  object["code_name"] = ExitCodeName(report.code);
  object["error"] = TextOrNull(report.error);
  return object;
}

nlohmann::json RunEndJson(ExitCode code, std::size_t accounts, std::size_t failed) {
  nlohmann::json object = JsonObject("run_end");
  object["accounts"] = accounts;
  object["failed"] = failed;
  object["code"] = static_cast<int>(code);
  object["code_name"] = ExitCodeName(code);
  return object;
}

}  // namespace mpop::client
