#pragma once
// Maildir delivery (doc/COMPAT.md 3.1), made durable for group commit (sink.hpp).
//
// Each mail is written to tmp/<sec>.M<usec>P<pid>Q<seq>.<host> (created O_EXCL, mode
// 0600) and closed by Finish(); its token is that file name. Sync() makes every finished
// file and its tmp/ entry durable with one syncfs() for the whole batch (a fsync per
// mail costs a journal commit each; bench/ shows the difference).
// Publish() hard-links tmp/X to new/X (never a rename: no fallback, as the manual says),
// fsyncs new/, unlinks tmp/X and fsyncs tmp/. The working directory is never changed
// (upstream's chdir is a BUG, doc/COMPAT.md 10); all paths are relative to directory
// descriptors opened here.
//
// Errors (all EX_IOERR, doc/COMPAT.md 7.10, except a malformed token: EX_DATAERR):
//   cannot open maildir /m: No such file or directory
//   cannot open maildir subdirectory /m/new: Not a directory
//   cannot create maildir file /m/tmp/<name>: Permission denied
//   cannot write to maildir file /m/tmp/<name>: No space left on device
//   cannot close maildir file /m/tmp/<name>: Input/output error
//   cannot sync the file system of maildir /m/tmp: Input/output error
//   cannot sync maildir directory /m/new: Input/output error
//   cannot link /m/tmp/<name> to /m/new/<name>: Operation not permitted (the file system
//     of the maildir must support hard links)
//   cannot remove /m/tmp/<name>: ...           cannot access /m/tmp/<name>: ...
//   cannot recover maildir delivery: /m/tmp/<name> and /m/new/<name> are different
//     files; both are left alone
//   invalid maildir delivery token '<token>'   (EX_DATAERR)

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "delivery/sequence.hpp"
#include "delivery/sink.hpp"
#include "util/file_system.hpp"
#include "util/result.hpp"

namespace mpop::delivery {

struct MaildirOptions {
  // Host part of file names before sanitizing; empty: gethostname() ("localhost" if
  // that fails).
  std::string host_name;
  // Pid part of file names; 0: getpid().
  long pid = 0;
  // The process's counter for Q<seq>; must outlive the Delivery. Null: the Delivery
  // keeps its own, starting at 1.
  DeliverySequence* sequence = nullptr;
  // Time part of file names; empty: the system clock.
  std::function<std::chrono::system_clock::time_point()> clock;
  // System calls; must outlive the Delivery and its writers. Null: util::PosixFileSystem().
  const util::FileSystem* file_system = nullptr;
  // Bytes collected per writer before a write() (the last chunk may exceed it).
  std::size_t buffer_size = 64 * 1024;
};

// Opens the maildir at `path`, which must exist with its tmp, new and cur
// subdirectories (they are never created). The Delivery keeps the directories open;
// writers may outlive it.
Result<std::unique_ptr<Delivery>> OpenMaildir(std::string_view path, MaildirOptions options = {});

}  // namespace mpop::delivery
