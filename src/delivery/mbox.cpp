#include "delivery/mbox.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <optional>
#include <thread>
#include <utility>

#include "delivery/envelope_sender.hpp"
#include "util/i18n.hpp"
#include "util/unique_fd.hpp"

namespace mpop::delivery {
namespace {

constexpr std::string_view kFrom = "From ";

// The open mbox, shared by the Delivery and its writer so either may go first. It is
// locked while a writer is between Begin() and Finish()/Abort().
struct MboxFile {
  const util::FileSystem* fs = nullptr;
  std::string path;
  UniqueFd fd;
  MboxOptions options;
  bool writing = false;  // a writer is between Begin() and Finish()/Abort()

  Error IoError(std::string_view action, int err) const {
    return Error::IoErr(fmt::format("{} mbox file {}: {}", action, path, ErrnoText(err)));
  }
};

std::chrono::system_clock::time_point Now(const MboxOptions& options) {
  return options.clock ? options.clock() : std::chrono::system_clock::now();
}

// Open file description locks (F_OFD_SETLK): they conflict with other processes' fcntl()
// locks as upstream's do, and also with those of another Delivery of this process (an
// account running beside this one into the same mbox), which plain fcntl() locks would
// not. Polled: F_OFD_SETLKW cannot time out without signals, and signals belong to the
// whole process.
Status Lock(const MboxFile& file) {
  const auto deadline = std::chrono::steady_clock::now() + file.options.lock_timeout;
  for (;;) {
    struct flock lock = {};
    lock.l_type = F_WRLCK;
    lock.l_whence = SEEK_SET;
    if (fcntl(file.fd.get(), F_OFD_SETLK, &lock) == 0) return {};
    if (errno == EINTR) continue;
    if (errno != EACCES && errno != EAGAIN) return file.IoError("cannot lock", errno);
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) {
      return Error::IoErr(TrFormat(
          "cannot lock mbox file {}: locked by another process; gave up after {:g} seconds",
          file.path, static_cast<double>(file.options.lock_timeout.count()) / 1000));
    }
    std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(
        file.options.lock_poll_interval, deadline - now));
  }
}

void Unlock(const MboxFile& file) {
  struct flock lock = {};
  lock.l_type = F_UNLCK;
  lock.l_whence = SEEK_SET;
  (void)fcntl(file.fd.get(), F_OFD_SETLK, &lock);
}

class MboxWriter final : public MailWriter {
 public:
  MboxWriter(std::shared_ptr<MboxFile> file, off_t start, const std::optional<std::string>& sender)
      : file_(std::move(file)), start_(start) {
    buffer_.reserve(file_->options.buffer_size);
    if (sender) {
      StartMail(*sender);
    } else {
      gate_.emplace(
          [this](const std::string& found) {
            StartMail(found);
            return Status();
          },
          [this](std::string_view bytes) { return Append(bytes); }, SenderGate::kDefaultMemoryLimit,
          file_->options.temp_dir);
    }
  }
  ~MboxWriter() override { Abort(); }

  Status Write(std::string_view chunk) override {
    if (failure_) return *failure_;
    if (done_)
      return Error::Software(TrFormat("write to a finished mail in mbox file {}", file_->path));
    Status written = gate_ ? gate_->Write(chunk) : Append(chunk);
    if (!written) return Fail(std::move(written).error());
    return {};
  }

  Result<std::string> Finish() override {
    if (failure_) return *failure_;
    if (done_) return Error::Software(TrFormat("mail finished twice in mbox file {}", file_->path));
    Status ended = End();
    if (!ended) return Fail(std::move(ended).error());
    Release();
    return std::string();
  }

  void Abort() override {
    if (done_) return;
    (void)TruncateBack();
    Release();
  }

 private:
  void StartMail(const std::string& sender) {
    buffer_ += FormatMboxFromLine(sender, Now(file_->options));
  }

  // Mail bytes, after the From line.
  Status Append(std::string_view bytes) {
    if (bytes.empty()) return {};
    last_ = bytes.back();
    quoter_.Quote(bytes, buffer_);
    if (buffer_.size() >= file_->options.buffer_size) return Flush();
    return {};
  }

  Status End() {
    if (gate_) MPOP_TRY(gate_->Finish());
    quoter_.Flush(buffer_);
    if (last_ && *last_ != '\n') buffer_ += '\n';
    buffer_ += '\n';  // the empty line that separates mails
    MPOP_TRY(Flush());
    // The mail is delivered once this returns: it must be on disk before its UID is
    // recorded and the server told to delete it.
    if (file_->fs->Fsync(file_->fd.get()) != 0 && errno != EINVAL) {
      return file_->IoError("cannot sync", errno);
    }
    return {};
  }

  Status Flush() {
    std::string_view rest = buffer_;
    while (!rest.empty()) {
      long n = file_->fs->Write(file_->fd.get(), rest.data(), rest.size());
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return file_->IoError("cannot write to", n < 0 ? errno : EIO);
      rest.remove_prefix(static_cast<std::size_t>(n));
    }
    buffer_.clear();
    return {};
  }

  Error Fail(Error error) {
    if (int err = TruncateBack(); err != 0) {
      error.message +=
          "; and truncating it back to its size before this mail failed: " + ErrnoText(err) +
          ", so it now ends with part of a mail";
    }
    Release();
    failure_ = error;
    return error;
  }

  // The mail is done (delivered or cut off again): other writers may have the file.
  void Release() {
    done_ = true;
    file_->writing = false;
    Unlock(*file_);
  }

  // 0 or the errno of the failed ftruncate().
  int TruncateBack() {
    buffer_.clear();
    while (ftruncate(file_->fd.get(), start_) != 0) {
      if (errno != EINTR) return errno;
    }
    return 0;
  }

  std::shared_ptr<MboxFile> file_;
  off_t start_;  // size of the file before this mail
  std::optional<SenderGate> gate_;
  MboxrdQuoter quoter_;
  std::string buffer_;
  std::optional<char> last_;  // last byte of the mail so far
  bool done_ = false;
  std::optional<Error> failure_;
};

class MboxDelivery final : public Delivery {
 public:
  explicit MboxDelivery(std::shared_ptr<MboxFile> file) : file_(std::move(file)) {}

  Result<std::unique_ptr<MailWriter>> Begin(const MailInfo& info) override {
    if (file_->writing) {
      return Error::Software(
          TrFormat("mbox file {}: a mail is being written already", file_->path));
    }
    // Locked per mail, so that accounts into one mbox can run side by side; the size
    // before this mail is read under the lock, for cutting a failed mail off again.
    MPOP_TRY(Lock(*file_));
    struct stat st;
    if (fstat(file_->fd.get(), &st) != 0) {
      const int err = errno;
      Unlock(*file_);
      return file_->IoError("cannot access", err);
    }
    file_->writing = true;
    std::optional<std::string> sender;
    if (info.envelope_sender) sender = SanitizeEnvelopeSender(*info.envelope_sender);
    return std::unique_ptr<MailWriter>(std::make_unique<MboxWriter>(file_, st.st_size, sender));
  }

  // Every mail is on disk when Finish() returns; nothing is left to publish.
  Status Sync() override { return {}; }
  Status Publish(std::span<const std::string>) override { return {}; }
  Status Recover(std::string_view) override { return {}; }

 private:
  std::shared_ptr<MboxFile> file_;
};

}  // namespace

Result<std::unique_ptr<Delivery>> OpenMbox(std::string_view path, MboxOptions options) {
  auto file = std::make_shared<MboxFile>();
  file->fs = options.file_system ? options.file_system : &util::PosixFileSystem();
  file->path = std::string(path);
  file->options = std::move(options);
  int fd = file->fs->OpenAt(AT_FDCWD, file->path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC,
                            0600);
  if (fd < 0) return file->IoError("cannot open", errno);
  file->fd = UniqueFd(fd);
  return std::unique_ptr<Delivery>(std::make_unique<MboxDelivery>(std::move(file)));
}

std::string FormatMboxFromLine(std::string_view sender,
                               std::chrono::system_clock::time_point time) {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::time_t t = std::chrono::system_clock::to_time_t(time);
  std::tm tm = {};
  gmtime_r(&t, &tm);
  // asctime()'s layout, without its locale and its static buffer.
  return fmt::format("From {} {} {}{:3d} {:02d}:{:02d}:{:02d} {}\n", sender, kDays[tm.tm_wday],
                     kMonths[tm.tm_mon], tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                     tm.tm_year + 1900);
}

void MboxrdQuoter::Quote(std::string_view in, std::string& out) {
  while (!in.empty()) {
    if (!at_line_start_) {
      // Copy up to and including the next line end in one go.
      std::size_t newline = in.find('\n');
      std::size_t n = newline == std::string_view::npos ? in.size() : newline + 1;
      out.append(in.substr(0, n));
      in.remove_prefix(n);
      at_line_start_ = newline != std::string_view::npos;
      continue;
    }
    const char c = in.front();
    if (matched_ == 0 && c == '>') {
      ++quotes_;
      in.remove_prefix(1);
      continue;
    }
    if (c == kFrom[matched_]) {
      in.remove_prefix(1);
      if (++matched_ == kFrom.size()) {
        out += '>';
        Flush(out);
        at_line_start_ = false;
      }
      continue;
    }
    // Not a From line: give back what was held and copy the rest of the line.
    Flush(out);
    at_line_start_ = false;
  }
}

void MboxrdQuoter::Flush(std::string& out) {
  out.append(quotes_, '>');
  out.append(kFrom.substr(0, matched_));
  quotes_ = 0;
  matched_ = 0;
}

}  // namespace mpop::delivery
