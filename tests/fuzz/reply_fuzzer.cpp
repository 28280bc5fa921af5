// Feeds arbitrary server output through the whole reply path: the pipelining engine reads
// it from an in-memory transport (LineReader, ParseReply, DotDecoder, LinesHandler), for
// a queue of single- and multi-line commands, or through a whole client Session (CAPA,
// USER/PASS, STAT, LIST+UIDL, RETR, DELE, QUIT). The first byte picks the read size,
// pipelining and the mode. Must end in a result or an error, never crash or hang.

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "pop3/greeting.hpp"
#include "pop3/pipeline.hpp"
#include "pop3/reply.hpp"
#include "pop3/session.hpp"
#include "util/transport.hpp"

namespace {

class BytesTransport : public mpop::Transport {
 public:
  BytesTransport(std::string_view bytes, std::size_t chunk) : bytes_(bytes), chunk_(chunk) {}
  mpop::Result<std::size_t> ReadSome(std::span<char> buffer) override {
    std::size_t n = std::min({buffer.size(), bytes_.size(), chunk_});
    std::memcpy(buffer.data(), bytes_.data(), n);
    bytes_.remove_prefix(n);
    return n;
  }
  // Writes in the read size too, so replies can arrive before a command is fully written.
  mpop::Result<std::size_t> WriteSome(std::string_view bytes) override {
    return std::min(bytes.size(), chunk_);
  }
  mpop::Result<mpop::Readiness> Wait(bool want_write) override {
    return mpop::Readiness{true, want_write};
  }

 private:
  std::string_view bytes_;
  std::size_t chunk_;
};

class Handler : public mpop::pop3::ReplyHandler {
 public:
  mpop::Status OnReply(const mpop::pop3::Reply& reply) override {
    (void)mpop::pop3::ReplyError(reply, "fuzz", mpop::ExitCode::kProtocol);
    (void)mpop::pop3::ParseGreeting(reply);
    return {};
  }
  mpop::Status OnData(std::string_view chunk) override {
    if (chunk.empty()) __builtin_trap();  // the engine never hands over empty chunks
    return {};
  }
};

void RunSession(mpop::Transport& transport, bool pipelining) {
  mpop::pop3::Session session(transport, {pipelining, nullptr});
  if (!session.ReadGreeting() || !session.Capa() || !session.UserPass("u", "p")) return;
  auto stat = session.Stat();
  if (!stat) return;
  long count = std::min(stat->count, 100L);
  if (!session.ListAndUidl(count, true)) return;
  Handler handlers[3];
  for (int i = 0; i < 3; ++i) (void)session.QueueRetr(i + 1, handlers[i]);
  (void)session.QueueDele(1);
  if (!session.Run()) return;
  (void)session.Quit();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::size_t chunk = (data[0] & 0x3f) + 1;
  bool pipelining = (data[0] & 0x40) != 0;
  std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  BytesTransport transport(bytes, chunk == 64 ? bytes.size() + 1 : chunk);
  if (data[0] & 0x80) {
    RunSession(transport, pipelining);
    return 0;
  }
  mpop::pop3::Pipeline pipeline(transport, {pipelining, nullptr});
  Handler handlers[6];
  pipeline.ExpectReply(handlers[0]);
  for (int i = 1; i < 6; ++i) {
    (void)pipeline.Queue("CMD " + std::to_string(i), i % 2 == 1, handlers[i]);
  }
  (void)pipeline.Run();
  return 0;
}
