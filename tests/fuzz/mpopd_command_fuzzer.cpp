// Feeds arbitrary client input to mpopd's connection loop and session state machine, in
// pieces of the size the first byte picks. USER/PASS or AUTH PLAIN with password "pw" opens
// a mailbox of three mails whose files do not exist (RETR then reports them vanished, QUIT
// finds nothing to remove), so the whole command set runs without touching the file system.
// AUTH SCRAM-SHA-256 runs through GNU SASL too, but always fails: the fake gate knows no
// passwords. Must end, never crash or hang.

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "server/connection.hpp"
#include "server/gatekeeper.hpp"
#include "server/log.hpp"
#include "server/mailbox.hpp"
#include "server/sasl_server.hpp"
#include "server/session.hpp"
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
  mpop::Result<std::size_t> WriteSome(std::string_view bytes) override { return bytes.size(); }
  mpop::Result<mpop::Readiness> Wait(bool want_write) override {
    return mpop::Readiness{true, want_write};
  }

 private:
  std::string_view bytes_;
  std::size_t chunk_;
};

class Gate : public mpop::server::Gatekeeper {
 public:
  std::optional<std::string> Admit(std::string_view, std::string_view password) override {
    if (password != "pw") return std::nullopt;
    return "/nonexistent/mpopd-fuzz";
  }
};

mpop::Result<mpop::server::Mailbox> FakeMailbox(const std::string& maildir) {
  std::vector<mpop::server::MailFile> mails = {
      {maildir + "/new/a", "a", 10},
      {maildir + "/new/b", "b", 0},
      {maildir + "/cur/c:2,S", "c", 12345},
  };
  return mpop::server::Mailbox(std::nullopt, std::move(mails));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t chunk = (data[0] & 0x3f) + 1;
  std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  BytesTransport transport(bytes, chunk == 64 ? bytes.size() + 1 : chunk);
  Gate gate;
  mpop::server::NullLog log;
  // GNU SASL is set up once; AUTH PLAIN then runs through the same gate as PASS.
  static const auto sasl = mpop::server::SaslLibrary::Init();
  mpop::server::Session session(gate, log, sasl ? sasl->get() : nullptr, FakeMailbox);
  (void)mpop::server::RunConnection(transport, session);
  return 0;
}
