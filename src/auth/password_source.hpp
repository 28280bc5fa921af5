#pragma once
// Where the password comes from (doc/COMPAT.md 4.4, manual chapter 5), in this order:
//   1. the `password` setting, as is;
//   2. `passwordeval CMD`: the first line of the command's output (util/shell.hpp). Unlike
//      upstream, a command that fails (non-zero exit, killed, no output) is an error, so a
//      failed decryption never becomes a wrong or empty password;
//   3. only when the chosen method needs a password (MethodNeedsPassword):
//      a. a keyring (the Keyring hook below; none is implemented yet),
//      b. ~/.netrc, then the system netrc (normally /etc/netrc): machine + login must match,
//      c. a prompt "password for USER at HOST: " on the terminal, without echo.
// Steps 1 and 2 are cheap to check early (upstream evaluates passwordeval in main, before
// connecting, even for --pretend): call EvalPassword() there and keep the result.
//
// Error codes:
//   kConfig  passwordeval failed ("passwordeval: 'CMD' failed with exit status 2"), or no
//            source had a password and there is no terminal to ask on: that is a setup
//            problem the user must fix in the configuration, not a transient failure.
//   kIoErr   a netrc file exists but cannot be read, or the terminal failed mid-prompt.

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "auth/secret_string.hpp"
#include "util/result.hpp"

namespace mpop::auth {

// The keyring issue implements this (libsecret: schema de.marlam.mpop.password with
// host / service=pop3 / user, then the old gnome-keyring network schema).
class Keyring {
 public:
  virtual ~Keyring() = default;
  // The stored password for user at host, nullopt if there is none. An error only for a
  // keyring that exists but failed; a missing keyring service is nullopt.
  virtual Result<std::optional<SecretString>> Lookup(std::string_view host,
                                                     std::string_view user) = 0;
};

// Step 2 on its own: runs `command` and returns its first line. kConfig on failure, with
// util/shell.hpp's message after "passwordeval: ".
Result<SecretString> EvalPassword(std::string_view command);

struct PasswordQuery {
  std::string_view host;  // the configured host, or the socket path
  std::string_view user;
  std::optional<std::string_view> password;       // the `password` setting, if set
  std::optional<std::string_view> password_eval;  // the `passwordeval` command, if set
};

struct PasswordSources {
  Keyring* keyring = nullptr;               // no keyring when null
  std::string user_netrc;                   // usually "$HOME/.netrc"; empty skips it
  std::string system_netrc = "/etc/netrc";  // SYSCONFDIR/netrc; empty skips it
  std::string terminal = "/dev/tty";
};

// Runs steps 1 to 3 and returns the first password found. When nothing has one and there is
// no terminal: kConfig "no password for USER at HOST: set password, passwordeval or a
// keyring entry; there is no terminal to ask on".
Result<SecretString> ObtainPassword(const PasswordQuery& query, const PasswordSources& sources);

// The prompt text, "password for USER at HOST: ".
std::string PasswordPrompt(std::string_view user, std::string_view host);

}  // namespace mpop::auth
