#include "oauth2/token_renewal.hpp"

#include <fcntl.h>
#include <sys/file.h>

#include <cerrno>
#include <optional>
#include <utility>

#include "oauth2/refresh.hpp"
#include "util/i18n.hpp"
#include "util/unique_fd.hpp"

namespace mpop::oauth2 {
namespace {

constexpr std::chrono::milliseconds kLockPoll{50};

// An exclusive flock() on PATH, polled so that the wait has a limit and can be stopped.
Result<UniqueFd> Lock(const std::string& path, Clock& clock, std::chrono::seconds timeout) {
  UniqueFd fd(open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600));
  if (!fd) return Error::IoErr(TrFormat("cannot lock {}: {}", path, ErrnoText(errno)));
  const TimePoint deadline = clock.Now() + timeout;
  while (flock(fd.get(), LOCK_EX | LOCK_NB) != 0) {
    if (errno != EWOULDBLOCK && errno != EINTR) {
      return Error::IoErr(TrFormat("cannot lock {}: {}", path, ErrnoText(errno)));
    }
    if (clock.Now() >= deadline) {
      return Error::TempFail(
          TrFormat("another mpop run has held the lock on {} for {} s: try again later", path,
                   timeout.count()));
    }
    MPOP_TRY(clock.Wait(kLockPoll));
  }
  return fd;
}

Error NotAuthorized(const std::string& account) {
  return Error::NoPerm(TrFormat(
      "no OAuth2 token is stored for account {}: run `mpop --authorize {}`", account, account));
}

bool FreshEnough(const StoredTokens& tokens, TimePoint now, std::chrono::seconds margin) {
  return !tokens.access_token.empty() && tokens.expires_at && *tokens.expires_at - margin > now;
}

}  // namespace

Result<std::string> CurrentAccessToken(HttpClient& http, Clock& clock, const TokenFileStore& store,
                                       const RenewalOptions& options) {
  Result<std::optional<StoredTokens>> existing = store.Load(options.key);
  if (!existing) return std::move(existing).error();
  if (!*existing) return NotAuthorized(options.account);
  if (FreshEnough(**existing, clock.Now(), options.margin)) return (*existing)->access_token;

  std::string lock_path = store.PathFor(options.key) + ".lock";
  Result<UniqueFd> lock = Lock(lock_path, clock, options.lock_timeout);
  if (!lock) return std::move(lock).error();
  // Read again under the lock: another run may have renewed the token meanwhile.
  Result<std::optional<StoredTokens>> stored = store.Load(options.key);
  if (!stored) return std::move(stored).error();
  if (!*stored) return NotAuthorized(options.account);
  if (FreshEnough(**stored, clock.Now(), options.margin)) return (*stored)->access_token;
  std::string endpoint = options.token_endpoint;
  if (endpoint.empty() && options.find_token_endpoint) {
    Result<std::string> found = options.find_token_endpoint();
    if (!found) return std::move(found).error();
    endpoint = std::move(*found);
  }
  Result<std::string> refresh_token = store.RefreshToken(options.key, **stored);
  if (!refresh_token) return std::move(refresh_token).error();
  Result<TokenSet> renewed =
      RefreshTokens(http, clock, endpoint, options.client, *refresh_token, options.account);
  if (!renewed) return std::move(renewed).error();
  StoredTokens next{.refresh_token = renewed->refresh_token,
                    .access_token = renewed->access_token,
                    .expires_at = renewed->expires_at};
  MPOP_TRY(store.Save(options.key, next));
  return std::move(renewed->access_token);
}

}  // namespace mpop::oauth2
