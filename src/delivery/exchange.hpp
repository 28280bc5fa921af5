#pragma once
// Delivery into an Exchange (IIS SMTP) pickup directory (doc/COMPAT.md 3.4).
//
// Each mail becomes DIR/mpop-<sec>-M<usec, 6 digits>P<pid>Q<seq>-<host>.eml (host
// sanitized as for maildir), created O_EXCL with mode 0600 right in the directory (the
// pickup service knows no tmp step), write-locked with fcntl() while it is written, with
// every "\n" of the stream written as "\r\n" (the Received header the client writes with
// LineEnding::kLf included) and a final line end added if missing. Finish() fsyncs and
// closes the file; Sync() fsyncs the directory, so the new names are durable before the
// client records the UIDs. No publish step: the token is empty, Publish() and Recover()
// do nothing. A failed or aborted mail leaves no file behind (OutputFile). The working
// directory is never changed (upstream's chdir is a BUG, doc/COMPAT.md 10).
//
// Errors (EX_IOERR):
//   cannot open exchange pickup directory /d: No such file or directory
//   cannot create exchange file /d/<name>: Permission denied
//   cannot lock exchange file /d/<name>: ...
//   cannot write to exchange file /d/<name>: No space left on device   (also sync, close)
//   cannot sync exchange pickup directory /d: ...

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "delivery/sequence.hpp"
#include "delivery/sink.hpp"
#include "delivery/unique_name.hpp"
#include "util/file_system.hpp"
#include "util/result.hpp"

namespace mpop::delivery {

struct ExchangeOptions {
  // As in MaildirOptions: host name (empty: gethostname()), pid (0: getpid()), Q counter
  // (null: the Delivery's own), clock (empty: system clock), system calls (null: POSIX).
  std::string host_name;
  long pid = 0;
  DeliverySequence* sequence = nullptr;
  std::function<std::chrono::system_clock::time_point()> clock;
  const util::FileSystem* file_system = nullptr;
  std::size_t buffer_size = 64 * 1024;
};

// Opens the pickup directory `path`, which must exist.
Result<std::unique_ptr<Delivery>> OpenExchange(std::string_view path, ExchangeOptions options = {});

// "mpop-<sec>-M<usec, 6 digits>P<pid>Q<seq>-<host>.eml".
std::string ExchangeFileName(const UniqueNameParts& parts);

}  // namespace mpop::delivery
