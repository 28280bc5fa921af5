#pragma once
// Gatekeeper: decides a session's credentials. The production one applies the per-address
// failure delay (server/auth_throttle.hpp) before looking at the password, so a fast answer
// never tells an attacker that a guess was right.
//
// Two ways in: Admit() for mechanisms that send the password (USER/PASS, PLAIN); Wait(),
// Lookup() and Record() for those that only prove knowledge of it (SCRAM), where GNU SASL
// compares the proof.

#include <optional>
#include <string>
#include <string_view>

#include "auth/secret_string.hpp"

namespace mpop::server {

class Authenticator;
class AuthThrottle;
class Sleeper;

struct MailboxSecret {
  auth::SecretString password;
  std::string maildir;
};

class Gatekeeper {
 public:
  virtual ~Gatekeeper() = default;
  // The maildir the credentials open, nullopt for wrong ones. May block (the delay).
  virtual std::optional<std::string> Admit(std::string_view user, std::string_view password) = 0;

  // Applies the delay Admit() applies. The defaults suit test fakes that only implement
  // Admit().
  virtual void Wait() {}
  // The password and maildir of user's first mailbox; nullopt for an unknown user.
  virtual std::optional<MailboxSecret> Lookup(std::string_view user) {
    (void)user;
    return std::nullopt;
  }
  // The outcome of a check done elsewhere, for the failure delay.
  virtual void Record(bool success) { (void)success; }
};

class ThrottledGatekeeper final : public Gatekeeper {
 public:
  // All three must outlive this object. peer_address identifies the client ("127.0.0.1").
  ThrottledGatekeeper(const Authenticator& authenticator, AuthThrottle& throttle, Sleeper& sleeper,
                      std::string peer_address);

  std::optional<std::string> Admit(std::string_view user, std::string_view password) override;
  void Wait() override;
  std::optional<MailboxSecret> Lookup(std::string_view user) override;
  void Record(bool success) override;

 private:
  const Authenticator& authenticator_;
  AuthThrottle& throttle_;
  Sleeper& sleeper_;
  std::string peer_address_;
};

}  // namespace mpop::server
