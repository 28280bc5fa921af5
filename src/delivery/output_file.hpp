#pragma once
// OutputFile: a file this process has just created (O_EXCL) and now fills, buffered.
// Commit() flushes, fsyncs and closes it; anything else (Abort(), an error, destruction
// before Commit) closes and unlinks it, so no partial file written by this process is
// left behind. A file left by another process (or by us before a SIGKILL) is never
// touched: we only ever unlink the one name we created.
//
// Messages name the file by `path`, for example "cannot write to maildir file
// /home/joe/Mail/tmp/1700000000.M000001P12Q1.host: No space left on device".

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "util/file_system.hpp"
#include "util/result.hpp"
#include "util/unique_fd.hpp"

namespace mpop::delivery {

class OutputFile {
 public:
  // Takes over `fd`, just created as `name` inside the directory `dir_fd` (borrowed: it
  // must stay open while this object lives). `what` describes the file in messages
  // ("maildir file"); `path` is its full name for messages. Writes are collected up to
  // `buffer_size` bytes.
  // With sync_on_commit false, Commit() leaves durability to the owner (maildir syncs a
  // whole batch with one syncfs()).
  OutputFile(const util::FileSystem& fs, int dir_fd, std::string name, std::string what,
             std::string path, UniqueFd fd, std::size_t buffer_size, bool sync_on_commit = true);
  ~OutputFile() { Abort(); }
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  const std::string& name() const { return name_; }

  // EX_IOERR on failure; after one, every later call returns the same error.
  Status Write(std::string_view bytes);
  // Flush, fsync (if sync_on_commit), close. On failure the file is removed.
  Status Commit();
  // Close and remove the file unless committed. Never fails; idempotent.
  void Abort();

 private:
  enum class State { kOpen, kCommitted, kAborted };

  Status Flush();
  Status WriteAll(std::string_view bytes);
  Error Fail(std::string_view action, int err);

  const util::FileSystem& fs_;
  int dir_fd_;
  std::string name_;
  std::string what_;
  std::string path_;
  UniqueFd fd_;
  std::size_t buffer_size_;
  bool sync_on_commit_;
  std::size_t unsynced_bytes_ = 0;  // written since the last writeback hint
  std::string buffer_;
  State state_ = State::kOpen;
  std::optional<Error> failure_;
};

}  // namespace mpop::delivery
