#pragma once
// One account's POP3 session in any of the network modes: connect, greet, authenticate,
// then retrieve / show status / only authenticate / print server information.

#include "client/account_output.hpp"
#include "client/account_report.hpp"
#include "client/account_runner.hpp"
#include "client/session_context.hpp"
#include "client/stop_controller.hpp"
#include "config/account.hpp"
#include "util/result.hpp"

namespace mpop::client {

// Runs the session; errors come back with the exit code of doc/COMPAT.md 7.10. Everything
// printed goes to `out`; what the sessions found and did is added to `report` (which the
// caller has named the account in).
Status RunAccountSession(const config::Account& account, const RunOptions& options,
                         AccountOutput& out, StopController& stop, const LocalIdentity& identity,
                         delivery::DeliverySequence& sequence, AccountReport& report);

}  // namespace mpop::client
