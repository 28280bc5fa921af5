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
  Wait();  // however long the queue, the password is checked after the wait
  std::optional<std::string> maildir = authenticator_.Check(user, password);
  Record(maildir.has_value());
  return maildir;
}

void ThrottledGatekeeper::Wait() {
  const std::chrono::milliseconds wait = throttle_.Admit(peer_address_);
  if (wait.count() > 0) sleeper_.SleepFor(wait);
}

std::optional<MailboxSecret> ThrottledGatekeeper::Lookup(std::string_view user) {
  const MailboxAccount* account = authenticator_.Find(user);
  if (account == nullptr) return std::nullopt;
  return MailboxSecret{account->password.Copy(), account->maildir};
}

void ThrottledGatekeeper::Record(bool success) {
  if (success) {
    throttle_.RecordSuccess(peer_address_);
  } else {
    throttle_.RecordFailure(peer_address_);
  }
}

}  // namespace mpop::server
