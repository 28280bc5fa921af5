#pragma once
// Who and where we are, for the Received header (doc/COMPAT.md 3.6). The Pick*/Sanitize*
// functions are pure; the Local* ones read the system (environment, passwd, DNS) and
// are meant to be called once per process, at the edge.

#include <optional>
#include <string>
#include <string_view>

namespace mpop::delivery {

// Canonical name of this host: getaddrinfo(AI_CANONNAME) of gethostname(), else the
// plain host name, else "localhost". May wait for DNS.
std::string LocalCanonicalHostName();
// The choice LocalCanonicalHostName() makes; an empty string counts as absent.
std::string PickHostName(const std::optional<std::string>& canonical,
                         const std::optional<std::string>& plain);

// The candidates for the login name, in order of preference.
struct LoginSources {
  std::optional<std::string> user_env;     // $USER
  std::optional<std::string> logname_env;  // $LOGNAME
  std::optional<std::string> login;        // getlogin()
  std::optional<std::string> passwd;       // name of the real uid in the passwd database
  bool operator==(const LoginSources&) const = default;
};
LoginSources ReadLoginSources();

// The first non-empty source, else "unknown"; sanitized.
std::string PickLoginName(const LoginSources& sources);
// Whitespace -> '-', every other byte outside [A-Za-z0-9._-] -> '_'.
std::string SanitizeLoginName(std::string_view name);

// PickLoginName(ReadLoginSources()).
std::string LocalLoginName();

}  // namespace mpop::delivery
