#pragma once
// Gatekeeper: decides a USER/PASS pair for a session. The production one applies the
// per-address failure delay (server/auth_throttle.hpp) before looking at the password, so
// a fast answer never tells an attacker that a guess was right.

#include <optional>
#include <string>
#include <string_view>

namespace mpop::server {

class Authenticator;
class AuthThrottle;
class Sleeper;

class Gatekeeper {
 public:
  virtual ~Gatekeeper() = default;
  // The maildir the credentials open, nullopt for wrong ones. May block (the delay).
  virtual std::optional<std::string> Admit(std::string_view user, std::string_view password) = 0;
};

class ThrottledGatekeeper final : public Gatekeeper {
 public:
  // All three must outlive this object. peer_address identifies the client ("127.0.0.1").
  ThrottledGatekeeper(const Authenticator& authenticator, AuthThrottle& throttle, Sleeper& sleeper,
                      std::string peer_address);

  std::optional<std::string> Admit(std::string_view user, std::string_view password) override;

 private:
  const Authenticator& authenticator_;
  AuthThrottle& throttle_;
  Sleeper& sleeper_;
  std::string peer_address_;
};

}  // namespace mpop::server
