#include "server/connection.hpp"

#include <array>

#include "server/output.hpp"
#include "server/session.hpp"
#include "util/i18n.hpp"

namespace mpop::server {
namespace {

constexpr std::size_t kFlushThreshold = 64 * 1024;
constexpr std::size_t kReadSize = 16 * 1024;

// Replies collect here and go out in large writes.
class TransportOutput final : public Output {
 public:
  explicit TransportOutput(Transport& transport) : transport_(&transport) {}

  // After STLS: the replies go through TLS from now on (the buffer is empty then).
  void Switch(Transport& transport) { transport_ = &transport; }

  Status Write(std::string_view bytes) override {
    buffer_.append(bytes);
    if (buffer_.size() >= kFlushThreshold) return Flush();
    return {};
  }

  Status Flush() {
    if (buffer_.empty()) return {};
    Status status = transport_->WriteAll(buffer_);
    buffer_.clear();
    return status;
  }

 private:
  Transport* transport_;
  std::string buffer_;
};

bool IsTimeout(const Error& error) { return error.message.find("timed out") != std::string::npos; }

ConnectionOutcome Failed(const Error& error) {
  if (IsTimeout(error)) return {ConnectionEnd::kTimedOut, error.message};
  return {ConnectionEnd::kFailed, error.message};
}

// Runs the handshake and tells the session.
Result<Transport*> StartTls(TlsStarter* tls, Session& session) {
  if (tls == nullptr) return Error::Software(Tr("TLS handshake failed: TLS is not configured"));
  Result<TlsStarter::Started> started = tls->StartTls();
  if (!started) return std::move(started).error();
  session.TlsStarted(std::move(started->binding));
  return started->transport;
}

}  // namespace

ConnectionOutcome RunConnection(Transport& plain, Session& session, std::size_t max_line,
                                TlsStarter* tls) {
  Transport* transport = &plain;
  TransportOutput out(plain);
  if (Status s = transport->WriteAll(kGreeting); !s) return Failed(s.error());
  std::string input;
  std::size_t begin = 0;  // start of the unprocessed input
  std::array<char, kReadSize> chunk;
  for (;;) {
    // Answer every complete line we have.
    for (;;) {
      const std::size_t newline = input.find('\n', begin);
      if (newline == std::string::npos) break;
      if (newline + 1 - begin > max_line) {
        (void)out.Write("-ERR line too long\r\n");
        (void)out.Flush();
        return {ConnectionEnd::kLineTooLong, {}};
      }
      std::string_view line(input.data() + begin, newline - begin);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      begin = newline + 1;
      Result<Session::Next> next = session.Handle(line, out);
      if (!next) return Failed(next.error());
      if (*next == Session::Next::kClose) {
        if (Status s = out.Flush(); !s) return Failed(s.error());
        return {ConnectionEnd::kQuit, {}};
      }
      if (*next == Session::Next::kStartTls) {
        if (Status s = out.Flush(); !s) return Failed(s.error());
        Result<Transport*> secure = StartTls(tls, session);
        if (!secure) return {ConnectionEnd::kTlsFailed, secure.error().message};
        transport = *secure;
        out.Switch(*transport);
        // Pipelined bytes after STLS arrived in plaintext: dropped, never executed.
        input.clear();
        begin = 0;
        break;
      }
    }
    input.erase(0, begin);
    begin = 0;
    if (input.size() >= max_line) {
      (void)out.Write("-ERR line too long\r\n");
      (void)out.Flush();
      return {ConnectionEnd::kLineTooLong, {}};
    }
    if (Status s = out.Flush(); !s) return Failed(s.error());
    Result<std::size_t> n = transport->ReadSome(chunk);
    if (!n) {
      if (IsTimeout(n.error())) {
        (void)transport->WriteAll("-ERR [SYS/TEMP] idle timeout, closing connection\r\n");
      }
      return Failed(n.error());
    }
    if (*n == 0) return {ConnectionEnd::kClientClosed, {}};
    input.append(chunk.data(), *n);
  }
}

}  // namespace mpop::server
