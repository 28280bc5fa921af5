#pragma once
// AbortSignal and AbortSource: one way to make every blocking wait in net/ give up at once
// when the process is asked to stop (SIGTERM and friends), for mpop and mpopd alike.
//
// The source owns an eventfd that it makes readable once, on Trigger(), and never drains.
// Every wait (PollFd in net/poll_fd.hpp: connect, the SOCKS5 handshake, reads, writes,
// TLS, accept) polls that descriptor beside its own, so a stop wakes it at once, in any
// thread, whether or not a signal interrupted that thread; no flag is polled on a tick.
//
//   Result<AbortSource> source = AbortSource::Create();
//   options.abort = source->signal();  // handed down by value
//   ... in a signal handler or another thread:  source->Trigger();
//
// Not covered: name lookups (getaddrinfo, getnameinfo) cannot be woken; a stop during
// one is noticed when it returns (or at its own time-out).

#include "util/result.hpp"
#include "util/unique_fd.hpp"

namespace mpop::net {

// The waiting side: a copyable, non-owning view of an AbortSource. A default-constructed
// signal never aborts. Every copy must die before the source that made it.
class AbortSignal {
 public:
  AbortSignal() = default;

  // True once the source was triggered. Costs one poll() with timeout 0.
  bool aborted() const;

  // The descriptor that polls readable (POLLIN) once aborted; -1 for a signal that never
  // aborts (poll() ignores negative descriptors). Never read it: that would re-arm it.
  int fd() const { return fd_; }

  bool operator==(const AbortSignal&) const = default;

 private:
  friend class AbortSource;
  explicit AbortSignal(int fd) : fd_(fd) {}

  int fd_ = -1;
};

// The owning side, kept by whoever decides to stop (app/mpopd.cpp's signal handler, the
// client's StopController). Move-only.
class AbortSource {
 public:
  // Errors: kOsErr "cannot create the stop event: <strerror>" (out of descriptors).
  static Result<AbortSource> Create();

  AbortSource(AbortSource&&) noexcept = default;
  AbortSource& operator=(AbortSource&&) noexcept = default;
  AbortSource(const AbortSource&) = delete;
  AbortSource& operator=(const AbortSource&) = delete;

  AbortSignal signal() const { return AbortSignal(fd_.get()); }

  // Aborts every current and future wait on signal(). Idempotent, thread-safe and
  // async-signal-safe (a single write(2), errno preserved), so a signal handler may call it.
  void Trigger() const;

 private:
  explicit AbortSource(UniqueFd fd) : fd_(std::move(fd)) {}

  UniqueFd fd_;
};

}  // namespace mpop::net
