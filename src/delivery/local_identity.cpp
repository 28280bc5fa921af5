#include "delivery/local_identity.hpp"

#include <netdb.h>
#include <pwd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <vector>

#include "util/c_handle.hpp"

namespace mpop::delivery {
namespace {

using AddrInfo = CHandle<addrinfo, freeaddrinfo>;

std::optional<std::string> Env(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

std::optional<std::string> PlainHostName() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0) return std::nullopt;
  return std::string(name);
}

std::optional<std::string> CanonicalName(const std::string& host) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_flags = AI_CANONNAME;
  addrinfo* raw = nullptr;
  if (getaddrinfo(host.c_str(), nullptr, &hints, &raw) != 0) return std::nullopt;
  AddrInfo list(raw);
  if (list->ai_canonname == nullptr) return std::nullopt;
  return std::string(list->ai_canonname);
}

std::optional<std::string> PasswdName() {
  long size = sysconf(_SC_GETPW_R_SIZE_MAX);
  std::vector<char> buffer(size > 0 ? static_cast<std::size_t>(size) : 16384);
  passwd entry{};
  passwd* found = nullptr;
  if (getpwuid_r(getuid(), &entry, buffer.data(), buffer.size(), &found) != 0 || found == nullptr ||
      found->pw_name == nullptr) {
    return std::nullopt;
  }
  return std::string(found->pw_name);
}

std::optional<std::string> LoginOfTerminal() {
  char name[256] = {};
  if (getlogin_r(name, sizeof name) != 0) return std::nullopt;
  return std::string(name);
}

bool Present(const std::optional<std::string>& s) { return s && !s->empty(); }

}  // namespace

std::string PickHostName(const std::optional<std::string>& canonical,
                         const std::optional<std::string>& plain) {
  if (Present(canonical)) return *canonical;
  if (Present(plain)) return *plain;
  return "localhost";
}

std::string LocalCanonicalHostName() {
  std::optional<std::string> plain = PlainHostName();
  std::optional<std::string> canonical;
  if (Present(plain)) canonical = CanonicalName(*plain);
  return PickHostName(canonical, plain);
}

LoginSources ReadLoginSources() {
  return {Env("USER"), Env("LOGNAME"), LoginOfTerminal(), PasswdName()};
}

std::string SanitizeLoginName(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  for (char c : name) {
    bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '.' || c == '_' || c == '-';
    // The C locale's isspace(), spelt out: the user's locale must not change the result.
    bool space = c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
    out += keep ? c : space ? '-' : '_';
  }
  return out;
}

std::string PickLoginName(const LoginSources& sources) {
  for (const auto* candidate :
       {&sources.user_env, &sources.logname_env, &sources.login, &sources.passwd}) {
    if (Present(*candidate)) return SanitizeLoginName(**candidate);
  }
  return "unknown";
}

std::string LocalLoginName() { return PickLoginName(ReadLoginSources()); }

}  // namespace mpop::delivery
