#include "server/gatekeeper.hpp"

#include "server/auth_throttle.hpp"
#include "server/authenticator.hpp"

namespace mpop::server {

ThrottledGatekeeper::ThrottledGatekeeper(const Authenticator& authenticator, AuthThrottle& throttle,
                                         Sleeper& sleeper, std::string peer_address)
    : authenticator_(authenticator),
      throttle_(throttle),
      sleeper_(sleeper),
      peer_address_(std::move(peer_address)) {}

std::optional<std::string> ThrottledGatekeeper::Admit(std::string_view user,
                                                      std::string_view password) {
  const std::optional<std::chrono::milliseconds> wait = throttle_.Admit(peer_address_);
  if (!wait) return std::nullopt;  // too many attempts queued: refused unchecked
  if (wait->count() > 0) sleeper_.SleepFor(*wait);
  std::optional<std::string> maildir = authenticator_.Check(user, password);
  if (maildir) {
    throttle_.RecordSuccess(peer_address_);
  } else {
    throttle_.RecordFailure(peer_address_);
  }
  return maildir;
}

}  // namespace mpop::server
