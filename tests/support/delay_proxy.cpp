#include "support/delay_proxy.hpp"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <deque>
#include <list>
#include <optional>
#include <string>
#include <vector>

#include "support/loopback.hpp"

namespace mpop::testing {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t kChunkSize = 65536;
// Reading from a side stops while this much is waiting for the other side (back-pressure).
constexpr std::size_t kMaxQueued = 8 << 20;

struct Chunk {
  Clock::time_point due;
  std::string bytes;  // empty: end of stream
  std::size_t sent = 0;
};

// One direction of one connection: bytes read from `from`, written to `to` after a delay.
struct Direction {
  int from = -1;
  int to = -1;
  std::deque<Chunk> queue;
  std::size_t queued = 0;
  bool read_done = false;   // end of stream (or error) read from `from`
  bool write_done = false;  // end of stream forwarded to `to`
  bool blocked = false;     // the last write to `to` would have blocked

  bool WantsRead() const { return !read_done && queued < kMaxQueued; }
  bool Due(Clock::time_point now) const { return !queue.empty() && queue.front().due <= now; }
};

struct Connection {
  UniqueFd client;
  UniqueFd server;
  Direction up;    // client -> server
  Direction down;  // server -> client
  bool server_spoke = false;
  bool failed = false;

  bool Finished() const { return failed || (up.write_done && down.write_done); }
};

// Reads one chunk; returns false at end of stream or on an error.
bool ReadChunk(Direction& direction, std::chrono::milliseconds delay) {
  char buffer[kChunkSize];
  ssize_t n = ::read(direction.from, buffer, sizeof buffer);
  if (n < 0 && (errno == EAGAIN || errno == EINTR)) return true;
  Chunk chunk{Clock::now() + delay, {}, 0};
  if (n > 0) {
    chunk.bytes.assign(buffer, static_cast<std::size_t>(n));
    direction.queued += chunk.bytes.size();
  } else {
    direction.read_done = true;
  }
  direction.queue.push_back(std::move(chunk));
  return n > 0;
}

// Writes every chunk that is due; returns false if the peer is gone.
bool Flush(Direction& direction, Clock::time_point now) {
  direction.blocked = false;
  while (direction.Due(now)) {
    Chunk& chunk = direction.queue.front();
    if (chunk.bytes.empty()) {
      ::shutdown(direction.to, SHUT_WR);
      direction.write_done = true;
      direction.queue.pop_front();
      continue;
    }
    ssize_t n = ::send(direction.to, chunk.bytes.data() + chunk.sent,
                       chunk.bytes.size() - chunk.sent, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n < 0) {
      if (errno == EAGAIN || errno == EINTR) {
        direction.blocked = true;
        return true;
      }
      return false;
    }
    chunk.sent += static_cast<std::size_t>(n);
    if (chunk.sent == chunk.bytes.size()) {
      direction.queued -= chunk.bytes.size();
      direction.queue.pop_front();
    }
  }
  return true;
}

// The poll() events one connection needs on one of its descriptors.
short EventsFor(int fd, const Connection& c) {
  short events = 0;
  for (const Direction* d : {&c.up, &c.down}) {
    if (d->from == fd && d->WantsRead()) events |= POLLIN;
    if (d->to == fd && d->blocked) events |= POLLOUT;
  }
  return events;
}

}  // namespace

Result<std::unique_ptr<DelayProxy>> DelayProxy::Start(DelayProxyOptions options) {
  auto listener = ListenLoopback();
  if (!listener) return std::move(listener).error();
  UniqueFd wake(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
  if (!wake) return Error::OsErr("eventfd: " + ErrnoText(errno));
  std::unique_ptr<DelayProxy> proxy(new DelayProxy(options, std::move(*listener), std::move(wake)));
  proxy->thread_ = std::thread([p = proxy.get()] { p->Serve(); });
  return proxy;
}

DelayProxy::DelayProxy(DelayProxyOptions options, UniqueFd listener, UniqueFd wake)
    : options_(options), listener_(std::move(listener)), wake_(std::move(wake)) {
  port_ = LocalPort(listener_.get());
}

DelayProxy::~DelayProxy() {
  uint64_t one = 1;
  if (::write(wake_.get(), &one, sizeof one) < 0) {
    // The eventfd cannot be full after one write; nothing else can fail here.
  }
  if (thread_.joinable()) thread_.join();
}

void DelayProxy::ResetCounters() {
  round_trips_ = 0;
  connections_ = 0;
}

void DelayProxy::Serve() {
  std::list<Connection> connections;
  for (;;) {
    std::vector<pollfd> fds = {{wake_.get(), POLLIN, 0}, {listener_.get(), POLLIN, 0}};
    std::optional<Clock::time_point> next_due;
    for (const Connection& c : connections) {
      for (int fd : {c.client.get(), c.server.get()}) {
        // A descriptor with nothing to wait for is left out (-1): a hung-up socket would
        // otherwise report POLLHUP at once, again and again, while chunks wait to be due.
        short events = EventsFor(fd, c);
        fds.push_back({events != 0 ? fd : -1, events, 0});
      }
      for (const Direction* d : {&c.up, &c.down})
        if (!d->blocked && !d->queue.empty())
          next_due = std::min(next_due.value_or(d->queue.front().due), d->queue.front().due);
    }
    int timeout = -1;
    if (next_due) {
      auto left = std::chrono::ceil<std::chrono::milliseconds>(*next_due - Clock::now());
      timeout = static_cast<int>(std::max<long long>(left.count(), 0));
    }
    if (::poll(fds.data(), fds.size(), timeout) < 0 && errno != EINTR) return;
    if (fds[0].revents) return;

    std::size_t i = 2;
    for (Connection& c : connections) {
      short client_events = fds[i++].revents;
      short server_events = fds[i++].revents;
      if (client_events & (POLLIN | POLLHUP | POLLERR) && c.up.WantsRead()) {
        if (ReadChunk(c.up, options_.delay) && c.server_spoke) {
          ++round_trips_;
          c.server_spoke = false;
        }
      }
      if (server_events & (POLLIN | POLLHUP | POLLERR) && c.down.WantsRead()) {
        if (ReadChunk(c.down, options_.delay)) c.server_spoke = true;
      }
    }
    const Clock::time_point now = Clock::now();
    for (Connection& c : connections)
      if (!Flush(c.up, now) || !Flush(c.down, now)) c.failed = true;
    connections.remove_if([](const Connection& c) { return c.Finished(); });

    if (fds[1].revents & POLLIN) {
      UniqueFd client(::accept4(listener_.get(), nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK));
      if (!client) continue;
      ++connections_;
      auto server = ConnectLoopback(options_.target_port);
      if (!server) continue;  // the client sees the connection close
      int server_fd = server->get();
      ::fcntl(server_fd, F_SETFL, ::fcntl(server_fd, F_GETFL) | O_NONBLOCK);
      Connection& c = connections.emplace_back();
      c.up.from = c.down.to = client.get();
      c.up.to = c.down.from = server_fd;
      c.client = std::move(client);
      c.server = std::move(*server);
    }
  }
}

}  // namespace mpop::testing
