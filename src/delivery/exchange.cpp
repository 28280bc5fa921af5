#include "delivery/exchange.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <optional>
#include <utility>

#include "delivery/output_file.hpp"
#include "util/i18n.hpp"
#include "util/unique_fd.hpp"

namespace mpop::delivery {
namespace {

constexpr int kMaxNameAttempts = 1000;

struct PickupDir {
  const util::FileSystem* fs = nullptr;
  std::string path;  // without trailing slashes, for messages
  UniqueFd fd;

  std::string Path(std::string_view name) const { return path + "/" + std::string(name); }
};

std::string LocalHostName() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') return "localhost";
  return name;
}

class ExchangeWriter final : public MailWriter {
 public:
  ExchangeWriter(std::shared_ptr<const PickupDir> dir, std::string name, UniqueFd fd,
                 std::size_t buffer_size)
      : dir_(std::move(dir)),
        file_(*dir_->fs, dir_->fd.get(), name, "exchange file", dir_->Path(name), std::move(fd),
              buffer_size) {}

  Status Write(std::string_view chunk) override {
    if (chunk.empty()) return file_.Write(chunk);
    last_ = chunk.back();
    converted_.clear();
    for (std::size_t newline; (newline = chunk.find('\n')) != std::string_view::npos;) {
      converted_.append(chunk.substr(0, newline));
      converted_.append("\r\n");
      chunk.remove_prefix(newline + 1);
    }
    converted_.append(chunk);
    return file_.Write(converted_);
  }

  Result<std::string> Finish() override {
    if (last_ && *last_ != '\n') MPOP_TRY(file_.Write("\r\n"));
    MPOP_TRY(file_.Commit());
    return std::string();
  }

  void Abort() override { file_.Abort(); }

 private:
  std::shared_ptr<const PickupDir> dir_;  // before file_: keeps the directory open for it
  OutputFile file_;
  std::string converted_;
  std::optional<char> last_;
};

class ExchangeDelivery final : public Delivery {
 public:
  ExchangeDelivery(std::shared_ptr<const PickupDir> dir, ExchangeOptions options)
      : dir_(std::move(dir)),
        host_(SanitizeHostForFileName(options.host_name.empty() ? LocalHostName()
                                                                : options.host_name)),
        pid_(options.pid != 0 ? options.pid : static_cast<long>(getpid())),
        sequence_(options.sequence != nullptr ? options.sequence : &own_sequence_),
        clock_(std::move(options.clock)),
        buffer_size_(options.buffer_size) {}

  Result<std::unique_ptr<MailWriter>> Begin(const MailInfo&) override {
    const util::FileSystem& fs = *dir_->fs;
    for (int attempt = 0; attempt < kMaxNameAttempts; ++attempt) {
      std::string name = NextName();
      int fd =
          fs.OpenAt(dir_->fd.get(), name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
      if (fd < 0 && (errno == EEXIST || errno == EINTR)) continue;
      if (fd < 0) {
        return Error::IoErr(
            TrFormat("cannot create exchange file {}: {}", dir_->Path(name), ErrnoText(errno)));
      }
      UniqueFd file(fd);
      // The pickup service must not take the file while it is being written.
      struct flock lock = {};
      lock.l_type = F_WRLCK;
      lock.l_whence = SEEK_SET;
      if (fcntl(file.get(), F_SETLK, &lock) != 0) {
        int err = errno;
        file.Reset();
        fs.UnlinkAt(dir_->fd.get(), name.c_str());
        return Error::IoErr(
            TrFormat("cannot lock exchange file {}: {}", dir_->Path(name), ErrnoText(err)));
      }
      return std::unique_ptr<MailWriter>(
          std::make_unique<ExchangeWriter>(dir_, name, std::move(file), buffer_size_));
    }
    return Error::IoErr(
        TrFormat("cannot create exchange file in {}: every name tried exists already", dir_->path));
  }

  Status Sync() override {
    if (dir_->fs->Fsync(dir_->fd.get()) == 0) return {};
    return Error::IoErr(
        TrFormat("cannot sync exchange pickup directory {}: {}", dir_->path, ErrnoText(errno)));
  }
  Status Publish(std::span<const std::string>) override { return {}; }
  Status Recover(std::string_view) override { return {}; }

 private:
  std::string NextName() {
    auto now = clock_ ? clock_() : std::chrono::system_clock::now();
    auto micros =
        std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count();
    return ExchangeFileName({micros / 1000000, micros % 1000000, pid_, sequence_->Next(), host_});
  }

  std::shared_ptr<const PickupDir> dir_;
  std::string host_;
  long pid_;
  DeliverySequence own_sequence_;
  DeliverySequence* sequence_;
  std::function<std::chrono::system_clock::time_point()> clock_;
  std::size_t buffer_size_;
};

}  // namespace

std::string ExchangeFileName(const UniqueNameParts& parts) {
  return fmt::format("mpop-{}-M{:06}P{}Q{}-{}.eml", parts.seconds, parts.microseconds, parts.pid,
                     parts.sequence, parts.host);
}

Result<std::unique_ptr<Delivery>> OpenExchange(std::string_view path, ExchangeOptions options) {
  auto dir = std::make_shared<PickupDir>();
  dir->fs = options.file_system ? options.file_system : &util::PosixFileSystem();
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  dir->path = std::string(path);
  int fd = dir->fs->OpenAt(AT_FDCWD, dir->path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
  if (fd < 0) {
    return Error::IoErr(
        TrFormat("cannot open exchange pickup directory {}: {}", dir->path, ErrnoText(errno)));
  }
  dir->fd = UniqueFd(fd);
  return std::unique_ptr<Delivery>(
      std::make_unique<ExchangeDelivery>(std::move(dir), std::move(options)));
}

}  // namespace mpop::delivery
