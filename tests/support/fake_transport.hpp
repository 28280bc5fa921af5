#pragma once
// FakeTransport: an in-memory Transport with a simulated POP3 server behind it, for the
// engine's tests.
//
// The server side is a small model of a real one: it reads the client's command lines
// and answers each through a Responder, and it writes before it reads on, so when the
// client stops reading the server stops reading too. Both directions can be bounded
// (like socket buffers) and delivered in small pieces. The fake never blocks: whenever a
// real transport would block until its time-out (nothing to read from a silent server,
// no room to write, Wait() with nothing ready), it returns the time-out error at once.
// A client that deadlocks against a bounded server therefore fails instead of hanging.

#include <cstddef>
#include <functional>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "util/transport.hpp"

namespace mpop::testing {

inline constexpr std::string_view kFakeReadTimeout = "network read error: the operation timed out";
inline constexpr std::string_view kFakeWriteTimeout =
    "network write error: the operation timed out";

class FakeTransport : public Transport {
 public:
  struct Options {
    std::size_t read_chunk = std::numeric_limits<std::size_t>::max();   // per ReadSome
    std::size_t write_chunk = std::numeric_limits<std::size_t>::max();  // per WriteSome
    std::size_t to_server_capacity = std::numeric_limits<std::size_t>::max();
    std::size_t to_client_capacity = std::numeric_limits<std::size_t>::max();
  };
  // Gets one command line without its line ending; returns the bytes to send back
  // (possibly none: a server that stays silent).
  using Responder = std::function<std::string(std::string_view line)>;

  FakeTransport() : FakeTransport(Options()) {}
  explicit FakeTransport(Options options);

  // Server output sent regardless of commands (greeting, scripted replies).
  void ServerSends(std::string_view bytes);
  // The server closes the connection once everything it sent so far was read.
  void ServerCloses();
  // Without a responder the server reads and ignores commands.
  void set_responder(Responder responder) { responder_ = std::move(responder); }

  // Everything the client wrote, in order.
  const std::string& written() const { return written_; }
  // Complete command lines the server has read (without line ends).
  const std::vector<std::string>& commands() const { return commands_; }
  // Most complete command lines that were at once written by the client but not yet read
  // by the server: 1 means the client never pipelined.
  std::size_t max_commands_in_flight() const { return max_in_flight_; }
  // How often the client read: used to show that commands went out before replies came.
  std::size_t read_calls() const { return read_calls_; }
  // For each ReadSome that returned bytes: how many command lines the client had
  // written by then.
  const std::vector<std::size_t>& commands_written_at_read() const {
    return commands_written_at_read_;
  }

  // What Buffered() reports: bytes a TLS layer would hold decrypted but unread.
  void set_buffered(std::size_t bytes) { buffered_ = bytes; }

  Result<std::size_t> ReadSome(std::span<char> buffer) override;
  Result<std::size_t> WriteSome(std::string_view bytes) override;
  Result<Readiness> Wait(bool want_write) override;
  std::size_t Buffered() const override { return buffered_; }

 private:
  void Pump();
  bool ServerReadsOneCommand();
  std::size_t ToServerSpace() const;

  Options options_;
  Responder responder_;
  std::string to_server_;  // written by the client, not yet read by the server
  std::size_t to_server_pos_ = 0;
  std::string server_pending_;  // the server's output that did not fit to_client_ yet
  std::string to_client_;       // sent by the server, not yet read by the client
  std::size_t to_client_pos_ = 0;
  bool close_after_pending_ = false;
  std::string written_;
  std::vector<std::string> commands_;
  std::size_t commands_written_ = 0;
  std::size_t max_in_flight_ = 0;
  std::size_t read_calls_ = 0;
  std::size_t buffered_ = 0;
  std::vector<std::size_t> commands_written_at_read_;
};

}  // namespace mpop::testing
