#include "delivery/output_file.hpp"

#include <cerrno>
#include <utility>

#include "util/i18n.hpp"

namespace mpop::delivery {

OutputFile::OutputFile(const util::FileSystem& fs, int dir_fd, std::string name, std::string what,
                       std::string path, UniqueFd fd, std::size_t buffer_size, bool sync_on_commit)
    : fs_(fs),
      dir_fd_(dir_fd),
      name_(std::move(name)),
      what_(std::move(what)),
      path_(std::move(path)),
      fd_(std::move(fd)),
      buffer_size_(buffer_size),
      sync_on_commit_(sync_on_commit) {
  buffer_.reserve(buffer_size_);
}

namespace {
constexpr std::size_t kWritebackBytes = 1 << 20;
}  // namespace

Status OutputFile::Write(std::string_view bytes) {
  if (failure_) return *failure_;
  if (state_ != State::kOpen)
    return Error::Software(TrFormat("write to a closed {} {}", what_, path_));
  if (buffer_.size() + bytes.size() <= buffer_size_) {
    buffer_.append(bytes);
    return {};
  }
  MPOP_TRY(Flush());
  // A chunk at least as big as the buffer goes straight out: copying it gains nothing.
  if (bytes.size() >= buffer_size_) return WriteAll(bytes);
  buffer_.append(bytes);
  return {};
}

Status OutputFile::Commit() {
  if (failure_) return *failure_;
  if (state_ != State::kOpen)
    return Error::Software(TrFormat("commit of a closed {} {}", what_, path_));
  MPOP_TRY(Flush());
  // The data must be on disk before anything (journal, link into new/) refers to it.
  if (sync_on_commit_ && fs_.Fsync(fd_.get()) != 0) return Fail("cannot sync", errno);
  // close() can report a deferred write error (NFS); then the data is not safe.
  if (fs_.Close(fd_.Release()) != 0) return Fail("cannot close", errno);
  state_ = State::kCommitted;
  return {};
}

void OutputFile::Abort() {
  if (state_ != State::kOpen) return;
  state_ = State::kAborted;
  fd_.Reset();
  // Best effort: if even this fails, nothing better can be done than leaving a file in
  // tmp/, which mail readers clean up after 36 hours.
  fs_.UnlinkAt(dir_fd_, name_.c_str());
}

Status OutputFile::Flush() {
  if (buffer_.empty()) return {};
  Status written = WriteAll(buffer_);
  buffer_.clear();
  return written;
}

Status OutputFile::WriteAll(std::string_view bytes) {
  while (!bytes.empty()) {
    long n = fs_.Write(fd_.get(), bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    // write() returning 0 for a non-empty request only happens on odd devices; treat it
    // as an I/O error rather than spinning.
    if (n <= 0) return Fail("cannot write to", n < 0 ? errno : EIO);
    bytes.remove_prefix(static_cast<std::size_t>(n));
    unsynced_bytes_ += static_cast<std::size_t>(n);
  }
  // Large mails: let the disk start on what we have while the rest is still arriving,
  // so the batch's sync does not have to write everything at once.
  if (unsynced_bytes_ >= kWritebackBytes) {
    fs_.StartWriteback(fd_.get());
    unsynced_bytes_ = 0;
  }
  return {};
}

Error OutputFile::Fail(std::string_view action, int err) {
  failure_ = Error::IoErr(std::string(action) + " " + what_ + " " + path_ + ": " + ErrnoText(err));
  Abort();
  return *failure_;
}

}  // namespace mpop::delivery
