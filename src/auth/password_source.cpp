#include "auth/password_source.hpp"

#include <errno.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <string.h>
#include <unistd.h>

#include "auth/netrc.hpp"
#include "auth/terminal_prompt.hpp"
#include "util/i18n.hpp"
#include "util/shell.hpp"
#include "util/unique_fd.hpp"

namespace mpop::auth {
namespace {

// The file's text, nullopt if it does not exist (the normal case for netrc files).
Result<std::optional<SecretString>> ReadOptionalFile(const std::string& path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) {
    if (errno == ENOENT || errno == ENOTDIR) return std::optional<SecretString>();
    return Error::IoErr(TrFormat("cannot read {}: {}", path, ErrnoText(errno)));
  }
  std::string text;
  char buffer[4096];
  while (true) {
    ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      SecretString::Wipe(text);
      return Error::IoErr(TrFormat("cannot read {}: {}", path, ErrnoText(errno)));
    }
    if (n == 0) break;
    text.append(buffer, static_cast<std::size_t>(n));
  }
  explicit_bzero(buffer, sizeof buffer);
  return std::optional<SecretString>(SecretString(std::move(text)));
}

Result<std::optional<SecretString>> FromNetrc(const std::string& path, std::string_view host,
                                              std::string_view user) {
  if (path.empty()) return std::optional<SecretString>();
  Result<std::optional<SecretString>> text = ReadOptionalFile(path);
  if (!text || !*text) return text;
  return FindNetrcPassword((*text)->view(), host, user);
}

}  // namespace

std::string PasswordPrompt(std::string_view user, std::string_view host) {
  return TrFormat("password for {} at {}: ", user, host);
}

Result<SecretString> EvalPassword(std::string_view command) {
  Result<std::string> line = EvalFirstLine(command);
  if (!line) return Error::Config(TrFormat("passwordeval: {}", line.error().message));
  return SecretString(std::move(*line));
}

Result<SecretString> ObtainPassword(const PasswordQuery& query, const PasswordSources& sources) {
  if (query.password) return SecretString(*query.password);
  if (query.password_eval) return EvalPassword(*query.password_eval);
  if (sources.keyring) {
    Result<std::optional<SecretString>> stored = sources.keyring->Lookup(query.host, query.user);
    if (!stored) return std::move(stored).error();
    if (*stored) return std::move(**stored);
  }
  for (const std::string* netrc : {&sources.user_netrc, &sources.system_netrc}) {
    Result<std::optional<SecretString>> found = FromNetrc(*netrc, query.host, query.user);
    if (!found) return std::move(found).error();
    if (*found) return std::move(**found);
  }
  Result<std::optional<SecretString>> typed =
      PromptOnTerminal(PasswordPrompt(query.user, query.host), sources.terminal);
  if (!typed) return std::move(typed).error();
  if (*typed) return std::move(**typed);
  return Error::Config(TrFormat(
      "no password for {} at {}: set password, passwordeval or a keyring entry; there is no "
      "terminal to ask on",
      query.user, query.host));
}

}  // namespace mpop::auth
