#pragma once
// Server: mpopd's accept loop and its session threads (one thread per session,
// doc/ARCHITECTURE.md), and the single session of --inetd.
//
// Limits that idle or hostile clients cannot get around:
//   - at most max_sessions sessions at once; a client beyond that gets "-ERR [SYS/TEMP]
//     too many sessions, try again later" and is disconnected at once (it never waits in a
//     queue behind idle connections);
//   - every session ends after idle_timeout without traffic (server/connection.hpp);
//   - failed passwords slow down further attempts from the same address, each by at most
//     20 s; every attempt is checked after its wait (server/auth_throttle.hpp).
// Shutdown (the stop signal, fired by SIGTERM): no new connections; sessions in UPDATE finish
// removing their mails; every other session is disconnected without removing anything.

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "net/abort_signal.hpp"
#include "net/listener.hpp"
#include "server/auth_throttle.hpp"
#include "server/server_tls.hpp"
#include "server/stop_signal.hpp"
#include "util/result.hpp"

namespace mpop::server {

class Authenticator;
class Log;
class SaslLibrary;

struct ServerLimits {
  std::chrono::milliseconds idle_timeout{600 * 1000};
  int max_sessions = 16;
};

class Server {
 public:
  // All references must outlive the server. sasl may be null (no AUTH command). tls: STLS
  // or implicit TLS on every connection (server/server_tls.hpp); a failed handshake is
  // logged and ends that connection only.
  Server(ServerLimits limits, const Authenticator& authenticator, AuthThrottle& throttle, Log& log,
         const SaslLibrary* sasl, ServerTls tls = {});
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;
  ~Server();

  // Serves connections from listener until stop fires (mpopd's signal handler triggers its
  // source; net/abort_signal.hpp), then shuts down as described above and returns
  // when every session thread has ended. Errors: none so far (accept failures such as
  // running out of descriptors are logged and retried).
  Status Run(net::Listener listener, net::AbortSignal stop);

 private:
  void StartSession(net::AcceptedConnection connection);
  void Serve(int id, net::AcceptedConnection connection, int active);
  void JoinFinished();
  void Shutdown();

  const ServerLimits limits_;
  const Authenticator& authenticator_;
  AuthThrottle& throttle_;
  Log& log_;
  const SaslLibrary* sasl_;
  const ServerTls tls_;
  StopSignal stop_signal_;

  std::mutex mutex_;
  int next_id_ = 0;                     // guarded by mutex_
  std::map<int, std::thread> threads_;  // guarded by mutex_; joined by the accept loop
  std::map<int, int> session_fds_;      // guarded by mutex_: id -> socket, while it is open
  std::vector<int> finished_;           // guarded by mutex_: ids whose thread is ending
};

// Serves one session on read_fd/write_fd (--inetd). Returns true if it ended with QUIT.
// Upstream always delays PASS by 1 s in this mode: one process per connection cannot
// remember failures of earlier connections, so we do the same, through `throttle`.
// With tls.context, read_fd must be a socket (inetd, systemd): TLS runs on it, and write_fd
// is not used.
bool ServeInetd(int read_fd, int write_fd, ServerLimits limits, const Authenticator& authenticator,
                AuthThrottle& throttle, Log& log, const SaslLibrary* sasl, net::AbortSignal stop,
                ServerTls tls = {});

}  // namespace mpop::server
