#include "delivery/maildir.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <optional>
#include <utility>
#include <vector>

#include "delivery/output_file.hpp"
#include "delivery/unique_name.hpp"
#include "util/i18n.hpp"
#include "util/unique_fd.hpp"

namespace mpop::delivery {
namespace {

// A clash needs another process writing the same name in the same microsecond; a
// thousand in a row means something else is wrong (a directory full of junk names).
constexpr int kMaxNameAttempts = 1000;

// The open maildir, shared by the Delivery and its writers so either may go first.
struct MaildirDirs {
  const util::FileSystem* fs = nullptr;
  std::string path;  // as given, without trailing slashes: used in messages only
  UniqueFd tmp;
  UniqueFd fresh;  // new/

  std::string Path(std::string_view sub) const {
    return path.empty() || path.back() == '/' ? path + std::string(sub)
                                              : path + "/" + std::string(sub);
  }
  std::string Path(std::string_view sub, std::string_view name) const {
    return Path(sub) + "/" + std::string(name);
  }
};

std::string TrimTrailingSlashes(std::string_view path) {
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  return std::string(path);
}

Result<UniqueFd> OpenDirectory(const util::FileSystem& fs, int at, const std::string& name,
                               std::string_view what, const std::string& path) {
  int fd = fs.OpenAt(at, name.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
  if (fd < 0) return Error::IoErr(TrFormat("cannot open {} {}: {}", what, path, ErrnoText(errno)));
  return UniqueFd(fd);
}

std::string LocalHostName() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') return "localhost";
  return name;
}

bool IsHardLinkRefusal(int err) {
  return err == EPERM || err == EXDEV || err == EOPNOTSUPP || err == ENOSYS;
}

// The pid in a file name of ours, "<sec>.M<usec>P<pid>Q<seq>.<host>" with our host; nullopt
// for any other name (other programs name their files differently, other hosts end
// differently).
std::optional<long> PidOfOurFileName(std::string_view name, std::string_view host) {
  if (name.size() <= host.size() + 1 || name.substr(name.size() - host.size()) != host ||
      name[name.size() - host.size() - 1] != '.') {
    return std::nullopt;
  }
  name.remove_suffix(host.size() + 1);
  const auto m = name.find(".M"), p = name.find('P'), q = name.find('Q');
  if (m == std::string_view::npos || p == std::string_view::npos || q == std::string_view::npos ||
      !(m < p && p < q) || p + 1 == q || q + 1 == name.size()) {
    return std::nullopt;
  }
  auto digits = [](std::string_view text) {
    return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
  };
  if (!digits(name.substr(0, m)) || !digits(name.substr(m + 2, p - m - 2)) ||
      !digits(name.substr(p + 1, q - p - 1)) || !digits(name.substr(q + 1))) {
    return std::nullopt;
  }
  return std::stol(std::string(name.substr(p + 1, q - p - 1)));
}

// A token names a file in tmp/: one path component.
Status CheckToken(std::string_view token) {
  bool valid = !token.empty() && token != "." && token != ".." &&
               token.find('/') == std::string_view::npos &&
               token.find('\0') == std::string_view::npos;
  if (valid) return {};
  std::string printable;
  for (char c : token) printable += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? '?' : c;
  return Error::DataErr(TrFormat("invalid maildir delivery token '{}'", printable));
}

class MaildirWriter final : public MailWriter {
 public:
  MaildirWriter(std::shared_ptr<const MaildirDirs> dirs, std::string name, UniqueFd fd,
                std::size_t buffer_size)
      : dirs_(std::move(dirs)),
        file_(*dirs_->fs, dirs_->tmp.get(), name, "maildir file", dirs_->Path("tmp", name),
              std::move(fd), buffer_size, /*sync_on_commit=*/false) {}

  Status Write(std::string_view chunk) override { return file_.Write(chunk); }
  Result<std::string> Finish() override {
    MPOP_TRY(file_.Commit());
    return file_.name();
  }
  void Abort() override { file_.Abort(); }

 private:
  std::shared_ptr<const MaildirDirs> dirs_;  // before file_: keeps tmp/ open for it
  OutputFile file_;
};

class MaildirDelivery final : public Delivery {
 public:
  MaildirDelivery(std::shared_ptr<const MaildirDirs> dirs, MaildirOptions options)
      : dirs_(std::move(dirs)),
        fs_(*dirs_->fs),
        host_(SanitizeHostForFileName(options.host_name.empty() ? LocalHostName()
                                                                : options.host_name)),
        pid_(options.pid != 0 ? options.pid : static_cast<long>(getpid())),
        sequence_(options.sequence != nullptr ? options.sequence : &own_sequence_),
        clock_(std::move(options.clock)),
        buffer_size_(options.buffer_size) {}

  Result<std::unique_ptr<MailWriter>> Begin(const MailInfo&) override {
    for (int attempt = 0; attempt < kMaxNameAttempts; ++attempt) {
      std::string name = NextName();
      int fd =
          fs_.OpenAt(dirs_->tmp.get(), name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
      if (fd >= 0) {
        return std::unique_ptr<MailWriter>(
            std::make_unique<MaildirWriter>(dirs_, name, UniqueFd(fd), buffer_size_));
      }
      // Another writer has this name: move on to the next sequence number.
      if (errno == EEXIST || errno == EINTR) continue;
      return Error::IoErr(TrFormat("cannot create maildir file {}: {}", dirs_->Path("tmp", name),
                                   ErrnoText(errno)));
    }
    return Error::IoErr(TrFormat(
        "cannot create maildir file in {}: every name tried exists already", dirs_->Path("tmp")));
  }

  // One syncfs() makes the data of every finished file and their tmp/ entries durable:
  // group commit instead of a fsync per mail.
  Status Sync() override {
    if (fs_.Syncfs(dirs_->tmp.get()) == 0) return {};
    return Error::IoErr(TrFormat("cannot sync the file system of maildir {}: {}",
                                 dirs_->Path("tmp"), ErrnoText(errno)));
  }

  Status Publish(std::span<const std::string> tokens) override {
    for (const std::string& token : tokens) MPOP_TRY(CheckToken(token));
    if (tokens.empty()) return {};
    for (const std::string& token : tokens) MPOP_TRY(Link(token));
    // The links must be durable before the tmp/ names go: with the order reversed, a
    // crash could keep the unlink and lose the link.
    MPOP_TRY(SyncDirectory(dirs_->fresh, "new"));
    for (const std::string& token : tokens) MPOP_TRY(RemoveFromTmp(token));
    return SyncDirectory(dirs_->tmp, "tmp");
  }

  void RemoveAbandoned() override {
    UniqueFd listing(fs_.OpenAt(dirs_->tmp.get(), ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0));
    if (!listing) return;
    DIR* dir = ::fdopendir(listing.get());
    if (dir == nullptr) return;
    listing.Release();  // closedir() closes it
    std::vector<std::string> abandoned;
    while (const dirent* entry = ::readdir(dir)) {
      auto pid = PidOfOurFileName(entry->d_name, host_);
      if (pid && *pid != pid_ && ::kill(static_cast<pid_t>(*pid), 0) != 0 && errno == ESRCH) {
        abandoned.emplace_back(entry->d_name);
      }
    }
    ::closedir(dir);
    for (const std::string& name : abandoned) fs_.UnlinkAt(dirs_->tmp.get(), name.c_str());
  }

  Status Recover(std::string_view token) override {
    MPOP_TRY(CheckToken(token));
    std::string name(token);
    util::FileId in_tmp;
    Result<bool> tmp_exists = Stat(dirs_->tmp, "tmp", name, &in_tmp);
    if (!tmp_exists) return std::move(tmp_exists).error();
    if (!*tmp_exists) return {};  // published already
    util::FileId in_new;
    Result<bool> new_exists = Stat(dirs_->fresh, "new", name, &in_new);
    if (!new_exists) return std::move(new_exists).error();
    if (*new_exists) {
      if (!in_tmp.SameFile(in_new)) {
        return Error::IoErr(TrFormat(
            "cannot recover maildir delivery: {} and {} are different files; both are left alone",
            dirs_->Path("tmp", name), dirs_->Path("new", name)));
      }
    } else if (in_tmp.links < 2) {
      MPOP_TRY(Link(name));
      MPOP_TRY(SyncDirectory(dirs_->fresh, "new"));
    }
    // else: linked before the crash, and a mail reader has since moved new/X to cur/;
    // tmp/X still shares its inode. Linking again would deliver the mail twice.
    MPOP_TRY(RemoveFromTmp(name));
    return SyncDirectory(dirs_->tmp, "tmp");
  }

 private:
  std::string NextName() {
    auto now = clock_ ? clock_() : std::chrono::system_clock::now();
    auto micros =
        std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count();
    UniqueNameParts parts{micros / 1000000, micros % 1000000, pid_, sequence_->Next(), host_};
    return MaildirFileName(parts);
  }

  Status Link(const std::string& name) {
    if (fs_.LinkAt(dirs_->tmp.get(), name.c_str(), dirs_->fresh.get(), name.c_str()) == 0) {
      return {};
    }
    int err = errno;
    // Published before (a repeated Publish, or Recover after a partial one)?
    util::FileId in_tmp;
    util::FileId in_new;
    bool in_new_exists = fs_.StatAt(dirs_->fresh.get(), name.c_str(), &in_new) == 0;
    if (err == EEXIST && in_new_exists &&
        fs_.StatAt(dirs_->tmp.get(), name.c_str(), &in_tmp) == 0 && in_tmp.SameFile(in_new)) {
      return {};
    }
    if (err == ENOENT && in_new_exists) return {};
    std::string message = "cannot link " + dirs_->Path("tmp", name) + " to " +
                          dirs_->Path("new", name) + ": " + ErrnoText(err);
    if (IsHardLinkRefusal(err))
      message += " (the file system of the maildir must support hard links)";
    return Error::IoErr(std::move(message));
  }

  Status RemoveFromTmp(const std::string& name) {
    if (fs_.UnlinkAt(dirs_->tmp.get(), name.c_str()) == 0 || errno == ENOENT) return {};
    return Error::IoErr(
        TrFormat("cannot remove {}: {}", dirs_->Path("tmp", name), ErrnoText(errno)));
  }

  Status SyncDirectory(const UniqueFd& dir, std::string_view sub) {
    if (fs_.Fsync(dir.get()) == 0) return {};
    return Error::IoErr(
        TrFormat("cannot sync maildir directory {}: {}", dirs_->Path(sub), ErrnoText(errno)));
  }

  // True if dir/name exists, false if not; other failures are errors.
  Result<bool> Stat(const UniqueFd& dir, std::string_view sub, const std::string& name,
                    util::FileId* id) {
    if (fs_.StatAt(dir.get(), name.c_str(), id) == 0) return true;
    if (errno == ENOENT) return false;
    return Error::IoErr(TrFormat("cannot access {}: {}", dirs_->Path(sub, name), ErrnoText(errno)));
  }

  std::shared_ptr<const MaildirDirs> dirs_;
  const util::FileSystem& fs_;
  std::string host_;
  long pid_;
  DeliverySequence own_sequence_;
  DeliverySequence* sequence_;
  std::function<std::chrono::system_clock::time_point()> clock_;
  std::size_t buffer_size_;
};

}  // namespace

Result<std::unique_ptr<Delivery>> OpenMaildir(std::string_view path, MaildirOptions options) {
  const util::FileSystem& fs = options.file_system ? *options.file_system : util::PosixFileSystem();
  options.file_system = &fs;
  auto dirs = std::make_shared<MaildirDirs>();
  dirs->fs = &fs;
  dirs->path = TrimTrailingSlashes(path);
  Result<UniqueFd> root = OpenDirectory(fs, AT_FDCWD, dirs->path, Tr("maildir"), dirs->path);
  if (!root) return std::move(root).error();
  auto open_sub = [&](const char* sub) {
    return OpenDirectory(fs, root->get(), sub, Tr("maildir subdirectory"), dirs->Path(sub));
  };
  Result<UniqueFd> tmp = open_sub("tmp");
  if (!tmp) return std::move(tmp).error();
  Result<UniqueFd> fresh = open_sub("new");
  if (!fresh) return std::move(fresh).error();
  // cur/ is only checked: mail readers move mails there, we never touch it.
  Result<UniqueFd> cur = open_sub("cur");
  if (!cur) return std::move(cur).error();
  dirs->tmp = std::move(*tmp);
  dirs->fresh = std::move(*fresh);
  return std::unique_ptr<Delivery>(
      std::make_unique<MaildirDelivery>(std::move(dirs), std::move(options)));
}

}  // namespace mpop::delivery
