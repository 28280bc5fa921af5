#pragma once
// Transport: the byte stream the POP3 engine talks to. net/ implements it over TCP, unix
// sockets, SOCKS5 tunnels and TLS; tests implement it in memory. Every call honours the
// transport's timeout (an idle timeout, like SO_RCVTIMEO: it restarts with each call), so
// a silent peer ends in an error, never a hang.

#include <chrono>
#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

#include "util/result.hpp"

namespace mpop {

struct Readiness {
  bool readable = false;
  bool writable = false;
};

class Transport {
 public:
  virtual ~Transport() = default;

  // Reads at least one byte, at most buffer.size(); returns 0 only at end of stream.
  // Blocks up to the timeout. Errors: kIoErr (including time-out).
  virtual Result<std::size_t> ReadSome(std::span<char> buffer) = 0;

  // Writes at least one byte, at most bytes.size(). Blocks up to the timeout.
  virtual Result<std::size_t> WriteSome(std::string_view bytes) = 0;

  // Waits until the stream is readable (data or EOF pending, including data buffered
  // inside the transport, e.g. decrypted TLS records) or, if want_write, writable.
  // Used by the full-duplex pipelining engine. Errors: kIoErr (including time-out).
  virtual Result<Readiness> Wait(bool want_write) = 0;

  // Bytes already received and buffered inside the transport that a ReadSome would return
  // without touching the network (STARTTLS injection check needs to see them).
  virtual std::size_t Buffered() const { return 0; }

  // Writes all of bytes (loops over WriteSome).
  Status WriteAll(std::string_view bytes);
};

}  // namespace mpop
