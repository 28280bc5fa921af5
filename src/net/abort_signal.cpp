#include "net/abort_signal.hpp"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>

#include "util/i18n.hpp"

namespace mpop::net {

bool AbortSignal::aborted() const {
  if (fd_ < 0) return false;
  pollfd entry{fd_, POLLIN, 0};
  // EINTR leaves revents 0; the next look (every wait polls fd_ too) sees the event.
  return ::poll(&entry, 1, 0) > 0 && (entry.revents & POLLIN) != 0;
}

Result<AbortSource> AbortSource::Create() {
  // Non-blocking: Trigger() must never block, even after 2^64-2 calls fill the counter.
  UniqueFd fd(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
  if (!fd) return Error::OsErr(TrFormat("cannot create the stop event: {}", ErrnoText(errno)));
  return AbortSource(std::move(fd));
}

void AbortSource::Trigger() const {
  const int saved_errno = errno;  // a signal handler must leave errno as it found it
  const std::uint64_t one = 1;
  // The only failure that can happen, EAGAIN on a full counter, leaves it readable anyway.
  [[maybe_unused]] ssize_t written = ::write(fd_.get(), &one, sizeof one);
  errno = saved_errno;
}

}  // namespace mpop::net
