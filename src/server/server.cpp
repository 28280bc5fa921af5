#include "server/server.hpp"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <system_error>

#include "net/fd_pair_transport.hpp"
#include "net/fd_transport.hpp"
#include "server/authenticator.hpp"
#include "server/connection.hpp"
#include "server/gatekeeper.hpp"
#include "server/log.hpp"
#include "server/session.hpp"
#include "util/i18n.hpp"

namespace mpop::server {
namespace {

constexpr std::string_view kTooMany = "-ERR [SYS/TEMP] too many sessions, try again later\r\n";
// How often the accept loop joins finished session threads when no client comes. A stop
// needs no tick: it wakes the accept wait at once.
constexpr std::chrono::milliseconds kAcceptTick{500};

void LogOutcome(Log& log, const ConnectionOutcome& outcome) {
  switch (outcome.end) {
    case ConnectionEnd::kQuit:
    case ConnectionEnd::kClientClosed:
      break;
    case ConnectionEnd::kTimedOut:
      log.Info(Tr("session timed out"));
      break;
    case ConnectionEnd::kLineTooLong:
      log.Error(Tr("command line too long; closing connection"));
      break;
    case ConnectionEnd::kFailed:
    case ConnectionEnd::kTlsFailed:
      log.Error(outcome.detail);
      break;
  }
  log.Info(Tr("connection closed"));
}

// Blocks the signals the main thread handles, so session threads created meanwhile never
// take them; restores the mask when it dies.
class BlockSignals {
 public:
  BlockSignals() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &set, &old_);
  }
  ~BlockSignals() { pthread_sigmask(SIG_SETMASK, &old_, nullptr); }
  BlockSignals(const BlockSignals&) = delete;
  BlockSignals& operator=(const BlockSignals&) = delete;

 private:
  sigset_t old_;
};

// "IP port P" of the client when stdin is a socket (inetd, systemd), else "stdin".
std::string InetdPeer(int fd) {
  sockaddr_storage address{};
  socklen_t length = sizeof address;
  if (::getpeername(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) return "stdin";
  char text[INET6_ADDRSTRLEN] = "";
  int port = 0;
  if (address.ss_family == AF_INET) {
    const auto& v4 = reinterpret_cast<const sockaddr_in&>(address);
    ::inet_ntop(AF_INET, &v4.sin_addr, text, sizeof text);
    port = ntohs(v4.sin_port);
  } else if (address.ss_family == AF_INET6) {
    const auto& v6 = reinterpret_cast<const sockaddr_in6&>(address);
    ::inet_ntop(AF_INET6, &v6.sin6_addr, text, sizeof text);
    port = ntohs(v6.sin6_port);
  } else {
    return "a local socket";
  }
  return fmt::format("{} port {}", text, port);
}

}  // namespace

Server::Server(ServerLimits limits, const Authenticator& authenticator, AuthThrottle& throttle,
               Log& log, const SaslLibrary* sasl, ServerTls tls)
    : limits_(limits),
      authenticator_(authenticator),
      throttle_(throttle),
      log_(log),
      sasl_(sasl),
      tls_(tls) {}

Server::~Server() { Shutdown(); }

Status Server::Run(net::Listener listener, net::AbortSignal stop) {
  while (!stop.aborted()) {
    JoinFinished();
    auto accepted = listener.Accept(kAcceptTick, stop);
    if (!accepted) {
      log_.Error(accepted.error().message);
      // Out of descriptors and the like: give sessions a moment to end, then go on.
      stop_signal_.SleepFor(std::chrono::milliseconds(100));
      continue;
    }
    if (!*accepted) continue;
    StartSession(std::move(**accepted));
  }
  Shutdown();
  return {};
}

void Server::StartSession(net::AcceptedConnection connection) {
  std::lock_guard lock(mutex_);
  const int active = static_cast<int>(threads_.size() - finished_.size());
  if (active >= limits_.max_sessions) {
    log_.Info(TrFormat("connection from {} port {} rejected: active sessions {} (max {})",
                       connection.peer.ip, connection.peer.port, active, limits_.max_sessions));
    ::send(connection.fd.get(), kTooMany.data(), kTooMany.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    return;  // the descriptor closes here
  }
  const int id = next_id_++;
  session_fds_[id] = connection.fd.get();
  BlockSignals blocked;
  // std::thread reports a failure to start (out of threads or memory) by throwing, after
  // it has taken (and so closed) the connection; the server goes on.
  try {
    threads_.emplace(id, std::thread(&Server::Serve, this, id, std::move(connection), active + 1));
  } catch (const std::system_error& e) {
    session_fds_.erase(id);
    log_.Error(TrFormat("cannot start a session thread: {}", e.what()));
  }
}

void Server::Serve(int id, net::AcceptedConnection connection, int active) {
  const std::string ip = connection.peer.ip;
  log_.Info(TrFormat("connection from {} port {}, active sessions {} (max {}), auth_delay={}", ip,
                     connection.peer.port, active, limits_.max_sessions,
                     throttle_.CurrentDelay(ip).count() > 0 ? "yes" : "no"));
  {
    net::FdTransport transport(std::move(connection.fd), limits_.idle_timeout);
    ThrottledGatekeeper gatekeeper(authenticator_, throttle_, stop_signal_, ip);
    Session session(gatekeeper, log_, sasl_);
    if (stop_signal_.stopped()) {
      // Shutdown began while this thread started: Shutdown() may have missed the socket.
      ::shutdown(transport.fd(), SHUT_RDWR);
    }
    ConnectionOutcome outcome = ServeSocket(transport, session, tls_, log_);
    LogOutcome(log_, outcome);
    std::lock_guard lock(mutex_);
    // Forget the descriptor before the transport closes it: its number may be reused.
    session_fds_.erase(id);
  }
  std::lock_guard lock(mutex_);
  finished_.push_back(id);
}

void Server::JoinFinished() {
  std::vector<std::thread> done;
  {
    std::lock_guard lock(mutex_);
    for (int id : finished_) {
      auto it = threads_.find(id);
      done.push_back(std::move(it->second));
      threads_.erase(it);
    }
    finished_.clear();
  }
  for (std::thread& thread : done) thread.join();
}

void Server::Shutdown() {
  stop_signal_.Stop();
  std::map<int, std::thread> threads;
  {
    std::lock_guard lock(mutex_);
    // A session blocked in a read sees end of stream and ends without removing anything;
    // one in UPDATE is busy removing files and finishes that first.
    for (const auto& [id, fd] : session_fds_) ::shutdown(fd, SHUT_RDWR);
    threads.swap(threads_);
    finished_.clear();
  }
  for (auto& [id, thread] : threads) thread.join();
}

bool ServeInetd(int read_fd, int write_fd, ServerLimits limits, const Authenticator& authenticator,
                AuthThrottle& throttle, Log& log, const SaslLibrary* sasl, net::AbortSignal stop,
                ServerTls tls) {
  const std::string peer = InetdPeer(read_fd);
  throttle.RecordFailure(peer);
  log.Info(TrFormat("connection from {} (inetd mode), auth_delay=yes", peer));
  StopSignal sleeper;
  ThrottledGatekeeper gatekeeper(authenticator, throttle, sleeper, peer);
  Session session(gatekeeper, log, sasl);
  ConnectionOutcome outcome;
  if (tls.context != nullptr) {
    // TLS drives one socket; a duplicate, so that stdin stays open for the process.
    net::FdTransport socket(UniqueFd(::dup(read_fd)), limits.idle_timeout, stop);
    outcome = ServeSocket(socket, session, tls, log);
  } else {
    net::FdPairTransport transport(read_fd, write_fd, limits.idle_timeout, stop);
    outcome = RunConnection(transport, session);
  }
  LogOutcome(log, outcome);
  return outcome.end == ConnectionEnd::kQuit;
}

}  // namespace mpop::server
