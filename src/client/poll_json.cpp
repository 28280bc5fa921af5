#include "client/poll_json.hpp"

#include "client/json_events.hpp"
#include "client/json_lines.hpp"

namespace mpop::client {
namespace {

const char* OutcomeName(PollOutcome outcome) {
  switch (outcome) {
    case PollOutcome::kOk:
      return "ok";
    case PollOutcome::kRefused:
      return "login_refused";
    case PollOutcome::kTemporary:
      return "temporary_failure";
    case PollOutcome::kPermanent:
      break;
  }
  return "permanent_failure";
}

}  // namespace

nlohmann::json PollJson(const AccountReport& report, PollOutcome outcome,
                        std::chrono::system_clock::time_point next_poll) {
  nlohmann::json object = JsonObject("poll");
  object["account"] = report.account;
  object["time"] = FormatUtcTime(std::chrono::system_clock::now());
  object["outcome"] = OutcomeName(outcome);
  object["response_code"] = report.refused_in_use        ? nlohmann::json("IN-USE")
                            : report.refused_login_delay ? nlohmann::json("LOGIN-DELAY")
                                                         : nlohmann::json(nullptr);
  object["login_delay"] =
      report.login_delay ? nlohmann::json(report.login_delay->count()) : nlohmann::json(nullptr);
  object["next_poll"] = FormatUtcTime(next_poll);
  return object;
}

nlohmann::json PollReloadJson(bool ok, std::size_t accounts, const std::string& message) {
  nlohmann::json object = JsonObject("poll_reload");
  object["time"] = FormatUtcTime(std::chrono::system_clock::now());
  object["ok"] = ok;
  object["accounts"] = accounts;
  object["message"] = TextOrNull(message);
  return object;
}

}  // namespace mpop::client
