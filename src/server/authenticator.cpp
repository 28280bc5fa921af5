#include "server/authenticator.hpp"

namespace mpop::server {

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  // Walk the longer length; a shorter side contributes its length difference, so the loop
  // never ends early and a prefix match is not visible in the timing.
  const std::size_t length = a.size() > b.size() ? a.size() : b.size();
  volatile unsigned char difference = a.size() == b.size() ? 0 : 1;
  for (std::size_t i = 0; i < length; ++i) {
    const unsigned char x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
    const unsigned char y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
    difference = difference | (x ^ y);
  }
  return difference == 0;
}

Authenticator::Authenticator(std::vector<MailboxAccount> accounts)
    : accounts_(std::move(accounts)) {}

std::optional<std::string> Authenticator::Check(std::string_view user,
                                                std::string_view password) const {
  const MailboxAccount* match = nullptr;
  for (const MailboxAccount& account : accounts_) {
    // Both comparisons always run (& instead of &&): no short cut on a known user.
    const bool user_ok = ConstantTimeEquals(account.user, user);
    const bool password_ok = ConstantTimeEquals(account.password.view(), password);
    const bool ok = user_ok & password_ok;
    if (ok && match == nullptr) match = &account;
  }
  if (match == nullptr) return std::nullopt;
  return match->maildir;
}

const MailboxAccount* Authenticator::Find(std::string_view user) const {
  const MailboxAccount* match = nullptr;
  for (const MailboxAccount& account : accounts_) {
    if (ConstantTimeEquals(account.user, user) && match == nullptr) match = &account;
  }
  return match;
}

}  // namespace mpop::server
