#include "oauth2/clock.hpp"

#include <poll.h>

#include <cerrno>
#include <string>

#include "util/i18n.hpp"

namespace mpop::oauth2 {

TimePoint SystemClock::Now() const { return std::chrono::system_clock::now(); }

Status SystemClock::Wait(std::chrono::milliseconds duration) {
  using std::chrono::steady_clock;
  const steady_clock::time_point end = steady_clock::now() + duration;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - steady_clock::now());
    if (left.count() <= 0) return {};
    pollfd fd{abort_.fd(), POLLIN, 0};
    int rc = poll(&fd, 1, static_cast<int>(left.count()));
    if (rc > 0) return Error::TempFail(Tr("interrupted"));
    if (rc < 0 && errno != EINTR)
      return Error::OsErr(TrFormat("cannot wait: {}", ErrnoText(errno)));
  }
}

}  // namespace mpop::oauth2
