#include "client/session_context.hpp"

#include <cstring>

#include "util/i18n.hpp"

namespace mpop::client {

std::string SessionContext::ServerName() const {
  if (account.socket) return *account.socket;
  return account.host.value_or("");
}

Status SessionContext::CheckStop() const {
  if (!stop.stopped()) return {};
  const int signal_number = stop.signal_number();
  if (signal_number > 0) {
    return Error::TempFail(
        TrFormat("operation aborted by signal SIG{}", sigabbrev_np(signal_number)));
  }
  return Error::TempFail(Tr("operation aborted"));
}

}  // namespace mpop::client
