#pragma once
// Authenticator: the configured mailboxes (--auth=USER[,CMD] --maildir=DIR pairs, with the
// passwords obtained at start-up) and the check of USER/PASS against them.
//
// The check takes the same time whether the user exists, which entry matches and how many
// leading bytes of a password are right: every entry is compared, with a comparison that
// does not stop at the first difference. Only the number of entries and the lengths leak.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/secret_string.hpp"

namespace mpop::server {

struct MailboxAccount {
  std::string user;
  auth::SecretString password;
  std::string maildir;
};

// True if a and b are equal; the time taken depends only on the lengths.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

class Authenticator {
 public:
  explicit Authenticator(std::vector<MailboxAccount> accounts);
  Authenticator(const Authenticator&) = delete;
  Authenticator& operator=(const Authenticator&) = delete;

  // The maildir of the first entry whose user and password both equal the given ones,
  // nullopt if none does.
  std::optional<std::string> Check(std::string_view user, std::string_view password) const;

  // The first entry for user (compared in constant time over all entries), nullptr if none.
  // For SCRAM, which needs the password itself to verify the client's proof.
  const MailboxAccount* Find(std::string_view user) const;

 private:
  std::vector<MailboxAccount> accounts_;
};

}  // namespace mpop::server
