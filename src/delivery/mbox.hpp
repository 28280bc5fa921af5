#pragma once
// mbox delivery in the MBOXRD variant (doc/COMPAT.md 3.2, with its BUG fixed).
//
// The file is opened once (O_WRONLY|O_APPEND|O_CREAT, mode 0600) and write-locked with an
// fcntl() lock (an open file description lock) for each mail, from Begin() to Finish() or
// Abort(); the lock is polled for a bounded time (10 s by default). No dotlock, no flock,
// as upstream. Between mails other writers may append: accounts that deliver into one
// mbox run side by side and their mails interleave whole. Each mail becomes
//
//   From SENDER Fri Jul 31 20:51:30 2026      (asctime() layout, UTC, time of delivery)
//   <the mail: Received header, header, body, each ^>*From line with one more '>'>
//   <one empty line>
//
// where SENDER is the sanitized envelope sender (envelope_sender.hpp): MailInfo's if
// given, else found in the mail's header, which alone is held back until it ends. A mail
// that does not end in "\n" gets one before the empty line. Each mail is fsynced by
// Finish() (EINVAL, as /dev/null gives, is ignored).
//
// All or nothing per mail: Begin() remembers the file's size; a failed write, a failed
// fsync, Abort() or a writer dropped without Finish() truncates the file back to it, so
// no half mail is left behind. mbox has no publish step: Finish() is the delivery, the
// token is empty, Sync(), Publish() and Recover() do nothing. A crash (SIGKILL, power
// loss) in the middle of a mail can leave that one mail partly written, with its UID
// not recorded; it is fetched again. So the promise is "at most the one mail in flight"
// — provided the client records each UID right after Finish() (open_delivery.hpp).
//
// One writer at a time per Delivery. Two Deliveries of one process on the same file
// exclude each other like two processes do (the locks belong to the open file).
//
// Errors (EX_IOERR):
//   cannot open mbox file /m: Permission denied
//   cannot lock mbox file /m: locked by another process; gave up after 10 seconds
//   cannot lock mbox file /m: <errno text>
//   cannot write to mbox file /m: No space left on device
//   cannot sync mbox file /m: Input/output error
//   ...; and truncating it back to its size before this mail failed: <errno text>, so
//     it now ends with part of a mail           (appended when the truncation fails too)

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "delivery/sink.hpp"
#include "util/file_system.hpp"
#include "util/result.hpp"

namespace mpop::delivery {

struct MboxOptions {
  // How long to try for the lock, and how often.
  std::chrono::milliseconds lock_timeout{10'000};
  std::chrono::milliseconds lock_poll_interval{100};
  // Time of the From lines; empty: the system clock.
  std::function<std::chrono::system_clock::time_point()> clock;
  // Open, write, fsync; must outlive the Delivery and its writers. Null: util::PosixFileSystem().
  const util::FileSystem* file_system = nullptr;
  // Bytes collected per writer before a write().
  std::size_t buffer_size = 64 * 1024;
  // Where large headers wait for the sender (SenderGate); empty: $TMPDIR or /tmp.
  std::string temp_dir;
};

Result<std::unique_ptr<Delivery>> OpenMbox(std::string_view path, MboxOptions options = {});

// "From joe@example.org Fri Jul  3 20:51:30 2026\n": the separator line of one mail.
std::string FormatMboxFromLine(std::string_view sender, std::chrono::system_clock::time_point time);

// MBOXRD quoting as a stream filter: every line matching ^>*From  gets one more '>'. Lines
// may be split across chunks anywhere; state is O(1) however many '>' a line starts with.
class MboxrdQuoter {
 public:
  // Appends the quoted form of `in` to `out`; bytes that might still start a quoted
  // line are held back until they are decided.
  void Quote(std::string_view in, std::string& out);
  // Appends what is still held back (the start of a last line without "\n").
  void Flush(std::string& out);

 private:
  bool at_line_start_ = true;  // deciding the current line's prefix
  std::size_t quotes_ = 0;     // '>' seen at the start of the line
  std::size_t matched_ = 0;    // bytes of "From " matched after them
};

}  // namespace mpop::delivery
