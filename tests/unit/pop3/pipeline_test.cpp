#include "pop3/pipeline.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "pop3/trace.hpp"
#include "support/fake_transport.hpp"
#include "unit/pop3/trickle.hpp"

namespace mpop::pop3 {
namespace {

using mpop::testing::FakeTransport;

// Records everything one command's reply delivered.
class RecordingHandler : public ReplyHandler {
 public:
  Status OnReply(const Reply& reply) override {
    replies.push_back(reply.line);
    if (on_reply) return on_reply(reply);
    return {};
  }
  Status OnData(std::string_view chunk) override {
    body += chunk;
    ++chunks;
    if (data_error) return *data_error;
    return {};
  }
  Status OnDataEnd() override {
    ++ends;
    if (on_end) return on_end();
    return {};
  }

  std::vector<std::string> replies;
  std::string body;
  int chunks = 0;
  int ends = 0;
  std::function<Status(const Reply&)> on_reply;
  std::function<Status()> on_end;
  std::optional<Error> data_error;
};

class StringTrace : public Trace {
 public:
  void Sent(std::string_view line) override { log += "--> " + std::string(line); }
  void Received(std::string_view line) override { log += "<-- " + std::string(line); }
  std::string log;
};

// Answers NOOP with +OK and "RETR n" with a body of n lines.
std::string CountingResponder(std::string_view line) {
  if (line.substr(0, 5) == "RETR ") {
    int lines = std::stoi(std::string(line.substr(5)));
    std::string reply = "+OK\r\n";
    for (int i = 0; i < lines; ++i) reply += "line " + std::to_string(i) + "\r\n";
    return reply + ".\r\n";
  }
  return "+OK " + std::string(line) + "\r\n";
}

std::string CountingBody(int lines) {
  std::string body;
  for (int i = 0; i < lines; ++i) body += "line " + std::to_string(i) + "\n";
  return body;
}

TEST(PipelineTest, GreetingThenCommands) {
  for (std::size_t chunk : kTrickleSizes) {
    for (bool pipelining : {false, true}) {
      SCOPED_TRACE(::testing::Message() << "chunk " << chunk << " pipelining " << pipelining);
      FakeTransport::Options options;
      if (chunk != 0) options.read_chunk = chunk;
      FakeTransport transport(options);
      transport.ServerSends("+OK ready\r\n");
      transport.set_responder(CountingResponder);
      Pipeline pipeline(transport, {pipelining, nullptr});
      RecordingHandler greeting;
      pipeline.ExpectReply(greeting);
      ASSERT_TRUE(pipeline.Run().has_value());
      EXPECT_EQ(greeting.replies, std::vector<std::string>{"+OK ready"});
      EXPECT_EQ(transport.written(), "");

      RecordingHandler noop, retr, empty;
      ASSERT_TRUE(pipeline.Queue("NOOP", false, noop).has_value());
      ASSERT_TRUE(pipeline.Queue("RETR 3", true, retr).has_value());
      ASSERT_TRUE(pipeline.Queue("RETR 0", true, empty).has_value());
      ASSERT_TRUE(pipeline.Run().has_value());
      EXPECT_TRUE(pipeline.idle());
      EXPECT_EQ(transport.written(), "NOOP\r\nRETR 3\r\nRETR 0\r\n");
      EXPECT_EQ(noop.replies, std::vector<std::string>{"+OK NOOP"});
      EXPECT_EQ(noop.ends, 0);
      EXPECT_EQ(retr.body, CountingBody(3));
      EXPECT_EQ(retr.ends, 1);
      EXPECT_EQ(empty.body, "");
      EXPECT_EQ(empty.ends, 1);
      EXPECT_EQ(transport.max_commands_in_flight(), pipelining ? 3u : 1u);
    }
  }
}

TEST(PipelineTest, PipeliningWritesCommandsBeforeReadingReplies) {
  FakeTransport transport;
  transport.set_responder(CountingResponder);
  Pipeline pipeline(transport, {true, nullptr});
  RecordingHandler user, pass;
  ASSERT_TRUE(pipeline.Queue("USER joe", false, user).has_value());
  ASSERT_TRUE(pipeline.Queue("PASS secret", false, pass).has_value());
  ASSERT_TRUE(pipeline.Run().has_value());
  // The first read happened when both commands were already written.
  ASSERT_FALSE(transport.commands_written_at_read().empty());
  EXPECT_EQ(transport.commands_written_at_read().front(), 2u);
  EXPECT_EQ(user.replies, std::vector<std::string>{"+OK USER joe"});
  EXPECT_EQ(pass.replies, std::vector<std::string>{"+OK PASS secret"});
}

TEST(PipelineTest, WithoutPipeliningOneCommandAtATime) {
  FakeTransport transport;
  transport.set_responder(CountingResponder);
  Pipeline pipeline(transport, {false, nullptr});
  RecordingHandler handlers[5];
  for (RecordingHandler& handler : handlers) {
    ASSERT_TRUE(pipeline.Queue("NOOP", false, handler).has_value());
  }
  ASSERT_TRUE(pipeline.Run().has_value());
  EXPECT_EQ(transport.max_commands_in_flight(), 1u);
  EXPECT_EQ(transport.commands_written_at_read(), (std::vector<std::size_t>{1, 2, 3, 4, 5}));
}

// A server with small buffers that answers only what it has read, and stops reading while
// its answers are not read: a client that writes everything before reading deadlocks.
TEST(PipelineTest, TenThousandCommandsCannotDeadlock) {
  for (bool pipelining : {true, false}) {
    SCOPED_TRACE(pipelining);
    FakeTransport::Options options;
    options.to_server_capacity = 4096;
    options.to_client_capacity = 4096;
    options.read_chunk = 1000;
    options.write_chunk = 1500;
    FakeTransport transport(options);
    transport.set_responder(CountingResponder);
    Pipeline pipeline(transport, {pipelining, nullptr});
    constexpr int kCommands = 10000;
    std::vector<RecordingHandler> handlers(kCommands);
    for (int i = 0; i < kCommands; ++i) {
      ASSERT_TRUE(pipeline.Queue("RETR " + std::to_string(i % 7), true, handlers[i]).has_value());
    }
    Status status = pipeline.Run();
    ASSERT_TRUE(status.has_value()) << status.error().message;
    for (int i = 0; i < kCommands; ++i) {
      ASSERT_EQ(handlers[i].body, CountingBody(i % 7)) << i;
      ASSERT_EQ(handlers[i].ends, 1) << i;
    }
    EXPECT_EQ(transport.commands().size(), static_cast<std::size_t>(kCommands));
    if (pipelining) {
      EXPECT_GT(transport.max_commands_in_flight(), 100u);
    } else {
      EXPECT_EQ(transport.max_commands_in_flight(), 1u);
    }
  }
}

TEST(PipelineTest, HandlersQueueMoreCommands) {
  for (bool pipelining : {true, false}) {
    FakeTransport transport;
    transport.set_responder(CountingResponder);
    Pipeline pipeline(transport, {pipelining, nullptr});
    std::vector<std::unique_ptr<RecordingHandler>> deletes;
    RecordingHandler retrs[3];
    for (int i = 0; i < 3; ++i) {
      retrs[i].on_end = [&pipeline, &deletes, i]() -> Status {
        deletes.push_back(std::make_unique<RecordingHandler>());
        return pipeline.Queue("DELE " + std::to_string(i + 1), false, *deletes.back());
      };
      ASSERT_TRUE(pipeline.Queue("RETR " + std::to_string(i + 1), true, retrs[i]).has_value());
    }
    ASSERT_TRUE(pipeline.Run().has_value());
    ASSERT_EQ(deletes.size(), 3u);
    for (int i = 0; i < 3; ++i) {
      EXPECT_EQ(deletes[i]->replies, std::vector<std::string>{"+OK DELE " + std::to_string(i + 1)});
    }
    // Commands go out in the order they were queued, with or without pipelining.
    EXPECT_EQ(transport.written(), "RETR 1\r\nRETR 2\r\nRETR 3\r\nDELE 1\r\nDELE 2\r\nDELE 3\r\n");
  }
}

TEST(PipelineTest, NegativeReplyToMultiLineCommandHasNoBody) {
  for (std::size_t chunk : kTrickleSizes) {
    FakeTransport::Options options;
    if (chunk != 0) options.read_chunk = chunk;
    FakeTransport transport(options);
    transport.ServerSends("-ERR no such message\r\n+OK\r\n..\r\n.\r\n");
    Pipeline pipeline(transport, {true, nullptr});
    RecordingHandler first, second;
    ASSERT_TRUE(pipeline.Queue("RETR 9", true, first).has_value());
    ASSERT_TRUE(pipeline.Queue("RETR 1", true, second).has_value());
    ASSERT_TRUE(pipeline.Run().has_value());
    EXPECT_EQ(first.replies, std::vector<std::string>{"-ERR no such message"});
    EXPECT_EQ(first.ends, 0);
    EXPECT_EQ(second.body, ".\n");
    EXPECT_EQ(second.ends, 1);
  }
}

TEST(PipelineTest, ReplyBeforeTheCommandIsWrittenCompletely) {
  for (bool pipelining : {false, true}) {
    FakeTransport::Options options;
    options.write_chunk = 1;
    FakeTransport transport(options);
    transport.ServerSends("+OK early\r\n");
    Pipeline pipeline(transport, {pipelining, nullptr});
    RecordingHandler handler;
    ASSERT_TRUE(pipeline.Queue("NOOP", false, handler).has_value());
    ASSERT_TRUE(pipeline.Run().has_value());
    EXPECT_EQ(handler.replies, std::vector<std::string>{"+OK early"});
    EXPECT_EQ(transport.written(), "NOOP\r\n");
  }
}

TEST(PipelineTest, BareLfLines) {
  FakeTransport transport;
  transport.ServerSends("+OK hi\n+OK\nline\n..dot\n.\n");
  Pipeline pipeline(transport, {false, nullptr});
  RecordingHandler greeting, retr;
  pipeline.ExpectReply(greeting);
  ASSERT_TRUE(pipeline.Queue("RETR 1", true, retr).has_value());
  ASSERT_TRUE(pipeline.Run().has_value());
  EXPECT_EQ(greeting.replies, std::vector<std::string>{"+OK hi"});
  EXPECT_EQ(retr.body, "line\n.dot\n");
}

TEST(PipelineTest, BodyChunksAreBoundedAndLargeBodiesStream) {
  // 5 MiB body: handed over in chunks no larger than the receive buffer.
  std::string line(1000, 'x');
  std::string wire = "+OK\r\n";
  std::string expected;
  for (int i = 0; i < 5 * 1024; ++i) {
    wire += line + "\r\n";
    expected += line + "\n";
  }
  wire += ".\r\n";
  FakeTransport transport;
  transport.ServerSends(wire);
  Pipeline pipeline(transport, {false, nullptr});
  class SizeCheckingHandler : public RecordingHandler {
   public:
    Status OnData(std::string_view chunk) override {
      max_chunk = std::max(max_chunk, chunk.size());
      return RecordingHandler::OnData(chunk);
    }
    std::size_t max_chunk = 0;
  } handler;
  ASSERT_TRUE(pipeline.Queue("RETR 1", true, handler).has_value());
  ASSERT_TRUE(pipeline.Run().has_value());
  EXPECT_EQ(handler.body, expected);
  EXPECT_LE(handler.max_chunk, 64u * 1024);
  EXPECT_GT(handler.chunks, 50);
}

struct FailureCase {
  std::string name;
  std::string server_output;
  bool close;
  Error error;
};

TEST(PipelineTest, HostileServers) {
  const std::string closed = "POP3 server closed the connection unexpectedly";
  const FailureCase cases[] = {
      {"greeting without CRLF then EOF", "+OK hello", true, Error::IoErr(closed)},
      {"nothing then EOF", "", true, Error::IoErr(closed)},
      {"body cut off by EOF", "+OK\r\n.\r\n+OK\r\nline 1\r\nline", true, Error::IoErr(closed)},
      {"body cut off after CR", "+OK\r\n.\r\n+OK\r\nline 1\r", true, Error::IoErr(closed)},
      {"body cut off at line start", "+OK\r\n.\r\n+OK\r\nline 1\r\n", true, Error::IoErr(closed)},
      {"silent server", "+OK\r\n.\r\n", false,
       Error::IoErr(std::string(mpop::testing::kFakeReadTimeout))},
      {"1 MiB status line", std::string(1024 * 1024, '+') + "\r\n", false,
       Error::Protocol("POP3 server sent a line longer than 8190 bytes")},
      {"long line without end", "+OK " + std::string(20000, 'a'), false,
       Error::Protocol("POP3 server sent a line longer than 8190 bytes")},
      {"garbage status", "HTTP/1.1 400 Bad Request\r\n", false,
       Error::Protocol("POP3 server sent an invalid reply: \"HTTP/1.1 400 Bad Request\"")},
      {"empty status", "\r\n", false, Error::Protocol("POP3 server sent an invalid reply: \"\"")},
  };
  for (const FailureCase& c : cases) {
    for (std::size_t chunk : kTrickleSizes) {
      SCOPED_TRACE(::testing::Message() << c.name << ", chunk " << chunk);
      FakeTransport::Options options;
      if (chunk != 0) options.read_chunk = chunk;
      FakeTransport transport(options);
      transport.ServerSends(c.server_output);
      if (c.close) transport.ServerCloses();
      Pipeline pipeline(transport, {true, nullptr});
      RecordingHandler a, b;
      ASSERT_TRUE(pipeline.Queue("RETR 1", true, a).has_value());
      ASSERT_TRUE(pipeline.Queue("RETR 2", true, b).has_value());
      Status status = pipeline.Run();
      ASSERT_FALSE(status.has_value());
      EXPECT_EQ(status.error(), c.error);
      // An engine that failed stays failed.
      EXPECT_EQ(pipeline.Run().error(), c.error);
    }
  }
}

TEST(PipelineTest, HandlerErrorAbortsRun) {
  FakeTransport transport;
  transport.set_responder(CountingResponder);
  Pipeline pipeline(transport, {true, nullptr});
  RecordingHandler first, second, third;
  second.on_reply = [](const Reply& reply) -> Status {
    return ReplyError(reply, "stop here", ExitCode::kProtocol);
  };
  ASSERT_TRUE(pipeline.Queue("NOOP", false, first).has_value());
  ASSERT_TRUE(pipeline.Queue("STOP", false, second).has_value());
  ASSERT_TRUE(pipeline.Queue("NOOP", false, third).has_value());
  Status status = pipeline.Run();
  ASSERT_FALSE(status.has_value());
  EXPECT_EQ(status.error().message, "stop here: \"+OK STOP\"");
  EXPECT_TRUE(third.replies.empty());
}

TEST(PipelineTest, DataErrorAbortsRun) {
  FakeTransport transport;
  transport.set_responder(CountingResponder);
  Pipeline pipeline(transport, {true, nullptr});
  RecordingHandler retr;
  retr.data_error = Error::IoErr("disk full");
  ASSERT_TRUE(pipeline.Queue("RETR 5", true, retr).has_value());
  EXPECT_EQ(pipeline.Run().error(), Error::IoErr("disk full"));
  EXPECT_EQ(retr.ends, 0);
}

TEST(PipelineTest, RefusesCommandInjection) {
  FakeTransport transport;
  Pipeline pipeline(transport, {true, nullptr});
  RecordingHandler handler;
  const std::string lines[] = {"USER joe\r\nDELE 1", "PASS a\nb", std::string("PASS a\0b", 8),
                               "USER\r"};
  for (const std::string& line : lines) {
    Status status = pipeline.Queue(line, false, handler);
    ASSERT_FALSE(status.has_value());
    EXPECT_EQ(status.error().code, ExitCode::kDataErr);
  }
  EXPECT_EQ(pipeline.Queue("PASS a\nb", false, handler).error().message,
            "cannot send the POP3 command PASS: its argument contains a line break or NUL "
            "character");
  EXPECT_TRUE(pipeline.idle());
  EXPECT_TRUE(pipeline.Run().has_value());
  EXPECT_EQ(transport.written(), "");
}

TEST(PipelineTest, TraceSeesEveryLine) {
  FakeTransport transport;
  transport.ServerSends("+OK hi\r\n");
  transport.set_responder(CountingResponder);
  StringTrace trace;
  Pipeline pipeline(transport, {true, &trace});
  RecordingHandler greeting, user, retr;
  pipeline.ExpectReply(greeting);
  ASSERT_TRUE(pipeline.Run().has_value());
  ASSERT_TRUE(pipeline.Queue("USER joe", false, user).has_value());
  ASSERT_TRUE(pipeline.Queue("RETR 2", true, retr).has_value());
  ASSERT_TRUE(pipeline.Run().has_value());
  EXPECT_EQ(trace.log,
            "<-- +OK hi\r\n"
            "--> USER joe\r\n"
            "--> RETR 2\r\n"
            "<-- +OK USER joe\r\n"
            "<-- +OK\r\n"
            "<-- line 0\r\n"
            "<-- line 1\r\n"
            "<-- .\r\n");
}

TEST(PipelineTest, BufferedCountsUnusedBytes) {
  FakeTransport transport;
  transport.ServerSends("+OK begin TLS\r\nINJECTED\r\n");
  Pipeline pipeline(transport, {false, nullptr});
  RecordingHandler handler;
  ASSERT_TRUE(pipeline.Queue("STLS", false, handler).has_value());
  ASSERT_TRUE(pipeline.Run().has_value());
  EXPECT_EQ(pipeline.Buffered(), 10u);
}

}  // namespace
}  // namespace mpop::pop3
