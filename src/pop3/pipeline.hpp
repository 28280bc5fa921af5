#pragma once
// Pipeline: the POP3 command engine (doc/ARCHITECTURE.md "Pipelining" and "Streaming").
//
// Commands are queued, each with a ReplyHandler, and Run() sends them and hands every
// reply to its handler, in order. With pipelining on, the engine is full duplex: it keeps
// writing queued commands while it reads replies, waiting on both directions with
// Transport::Wait(), so neither side can block the other however long the queue is (no
// window, no extra round trips). With pipelining off it sends one command, reads its whole
// reply, then sends the next.
//
// Multi-line bodies flow from the transport through a DotDecoder into the handler's
// OnData() in chunks as large as one read; nothing accumulates. Buffers are bounded.
//
// Lifetimes: the Transport, Trace and every queued handler must outlive Run(). After Run()
// returned an error the connection is in an unknown state: the caller closes it (without
// QUIT, so the server rolls back); every later Run() returns the same error.

#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <string_view>

#include "pop3/dot_decoder.hpp"
#include "pop3/line_reader.hpp"
#include "pop3/reply.hpp"
#include "util/result.hpp"

namespace mpop {
class Transport;
}

namespace mpop::pop3 {

class Trace;

// Receives one command's reply. An error returned from any call aborts Run() with it.
class ReplyHandler {
 public:
  virtual ~ReplyHandler() = default;
  // The status line. For a command queued as multi-line, a positive reply is followed by
  // OnData() calls and one OnDataEnd(); a negative reply has no body.
  virtual Status OnReply(const Reply& reply) = 0;
  // A piece of the body: dot-unstuffed, lines ending in "\n", split anywhere.
  virtual Status OnData(std::string_view chunk);
  // The body's terminating line was read.
  virtual Status OnDataEnd();
};

struct PipelineOptions {
  bool pipelining = false;
  Trace* trace = nullptr;  // gets every line sent and received; nullptr: no tracing
};

class Pipeline {
 public:
  Pipeline(Transport& transport, PipelineOptions options);
  Pipeline(const Pipeline&) = delete;
  Pipeline& operator=(const Pipeline&) = delete;

  // Takes effect for commands not yet sent (mpop resolves `pipelining auto` after CAPA).
  void set_pipelining(bool on) { options_.pipelining = on; }
  bool pipelining() const { return options_.pipelining; }

  // Queues a command line (without "\r\n"). Handlers may queue more commands while they
  // run; those are sent by the same Run(). Handlers must not call Run() themselves. Error
  // (kDataErr): the line contains CR, LF or NUL (a user name or password that would inject
  // commands); nothing is queued then.
  Status Queue(std::string line, bool multiline, ReplyHandler& handler);

  // Expects a reply that no command asked for: the greeting.
  void ExpectReply(ReplyHandler& handler);

  // Sends every queued command and delivers every reply, including those of commands that
  // handlers queue meanwhile. Errors: a handler's error; kProtocol for a malformed or
  // over-long status line; kIoErr for the transport's errors (including its time-out) and
  // for end of stream before all replies arrived.
  Status Run();
  // Writes out what is queued without reading any reply (a later Run() reads them). Only
  // for a few bytes while nothing else is in flight, such as a QUIT sent ahead: a long
  // queue written without reading could block on a server that waits to be read.
  Status Send();

  // Bytes received but not yet used: the engine's buffer plus the transport's. After the
  // +OK to STLS this must be 0 (doc/COMPAT.md 1.1 step 6: no plaintext injection).
  std::size_t Buffered() const;

  // Nothing queued or awaited.
  bool idle() const { return unsent_.empty() && awaiting_.empty(); }

  // Continues on another transport (the TLS one after STLS). Only while idle() and with
  // nothing buffered.
  void SwitchTransport(Transport& transport);

 private:
  struct Awaited {
    ReplyHandler* handler;
    bool multiline;
  };
  struct Unsent {
    std::string line;
    Awaited awaited;
  };

  Status RunLoop();
  void FillOutput();
  Status ProcessBuffered();
  // One step on the front reply; sets need_more when the buffer has too little.
  Status ProcessStatusLine(bool& need_more);
  Status ProcessBody(bool& need_more);
  Status Transfer();
  Status ReadMore();
  Status WriteMore();
  void TraceBody(std::string_view raw);

  Transport* transport_;
  PipelineOptions options_;
  std::deque<Unsent> unsent_;
  std::deque<Awaited> awaiting_;  // sent (or in output_), reply not yet complete
  std::string output_;            // commands not yet written; bounded by kOutputBatch
  std::size_t output_pos_ = 0;
  LineReader reader_;
  bool in_body_ = false;
  DotDecoder decoder_;
  std::string decoded_;
  std::string trace_partial_;
  std::optional<Error> failure_;
};

}  // namespace mpop::pop3
