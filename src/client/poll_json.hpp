#pragma once
// The objects mpop --poll --json adds to the account reports of each round
// (doc/mpop-json.schema.json, doc/mpop.1 "JSON OUTPUT"): "poll" after each poll of an
// account, saying how it went and when the next one is, and "poll_reload" after SIGHUP.

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "client/account_report.hpp"
#include "client/poll_schedule.hpp"

namespace mpop::client {

// account, time, outcome ("ok", "login_refused", "temporary_failure",
// "permanent_failure"), response_code ("LOGIN-DELAY", "IN-USE" or null), login_delay (the
// server's seconds, or null) and next_poll.
nlohmann::json PollJson(const AccountReport& report, PollOutcome outcome,
                        std::chrono::system_clock::time_point next_poll);

// time, ok, accounts (how many are polled from now on) and message (the error of a
// broken configuration, or null).
nlohmann::json PollReloadJson(bool ok, std::size_t accounts, const std::string& message);

}  // namespace mpop::client
