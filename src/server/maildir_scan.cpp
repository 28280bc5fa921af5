#include "server/maildir_scan.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <ctime>
#include <memory>
#include <string_view>
#include <unordered_set>

#include "auth/md5.hpp"
#include "server/wire_encoder.hpp"
#include "util/c_handle.hpp"
#include "util/i18n.hpp"
#include "util/unique_fd.hpp"

namespace mpop::server {
namespace {

constexpr std::size_t kMaxUidLength = 70;
constexpr std::size_t kChunkSize = 64 * 1024;

using DirHandle = CHandle<DIR, ::closedir>;

std::string Md5Hex(std::string_view text) {
  auth::Md5 md5;
  md5.Update(text);
  return auth::ToHex(md5.Finish());
}

// What the scan keeps per file until the order is known: as little as possible, since a
// session's memory grows with the number of mails (the full path is built only once).
struct Candidate {
  std::string name;
  bool in_cur = false;  // in cur/, else in new/
  timespec mtime{};
  std::uint64_t size = 0;
};

const char* Subdir(bool in_cur) { return in_cur ? "cur" : "new"; }

// The wire size of what `fd` holds from its current offset to its end.
Result<std::uint64_t> WireSizeOf(int fd, const std::string& path) {
  WireSizeCounter counter;
  // Not zero-filled: make_unique<array> would clear 64 KiB for every mail.
  const auto buffer = std::make_unique_for_overwrite<char[]>(kChunkSize);
  for (;;) {
    const ssize_t n = ::read(fd, buffer.get(), kChunkSize);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Error::IoErr(TrFormat("cannot read {}: {}", path, ErrnoText(errno)));
    }
    if (n == 0) break;
    counter.Feed(std::string_view(buffer.get(), static_cast<std::size_t>(n)));
  }
  return counter.Finish();
}

// Lists the regular files of maildir/subdir with their mtimes and wire sizes. Names
// starting with '.' are not mails (maildir(5)); neither are directories, symlinks or other
// special files. Each file is opened relative to the directory and looked at through that
// one descriptor (type, mtime, contents): one name lookup per mail, and the file that was
// checked is the file that was read.
Status ListDir(const std::string& maildir, bool in_cur, std::vector<Candidate>& out) {
  const std::string dir_path = maildir + "/" + Subdir(in_cur);
  DirHandle dir(::opendir(dir_path.c_str()));
  if (!dir) return Error::IoErr(TrFormat("cannot read maildir {}: {}", dir_path, ErrnoText(errno)));
  const int dir_fd = ::dirfd(dir.get());
  for (;;) {
    errno = 0;
    dirent* entry = ::readdir(dir.get());
    if (entry == nullptr) {
      if (errno != 0) {
        return Error::IoErr(TrFormat("cannot read maildir {}: {}", dir_path, ErrnoText(errno)));
      }
      break;
    }
    if (entry->d_name[0] == '.') continue;
    if (entry->d_type != DT_REG && entry->d_type != DT_UNKNOWN) continue;
    auto path = [&] { return dir_path + "/" + entry->d_name; };
    if (entry->d_type == DT_UNKNOWN) {
      // The file system does not say: look before opening, so no device or FIFO is opened.
      struct stat st {};
      if (::fstatat(dir_fd, entry->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
        if (errno == ENOENT) continue;  // removed or moved by another program meanwhile
        return Error::IoErr(TrFormat("cannot read {}: {}", path(), ErrnoText(errno)));
      }
      if (!S_ISREG(st.st_mode)) continue;
    }
    // O_NOFOLLOW: a symlink is not a delivered mail, and following one could serve a file
    // from outside the maildir. O_NONBLOCK: should a FIFO have replaced the file since
    // readdir(), opening it must not hang the session (fstat below then skips it).
    UniqueFd fd(::openat(dir_fd, entry->d_name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK));
    if (!fd) {
      // ENOENT: removed or moved by another program meanwhile; ELOOP: a symlink.
      if (errno == ENOENT || errno == ELOOP) continue;
      return Error::IoErr(TrFormat("cannot read {}: {}", path(), ErrnoText(errno)));
    }
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) {
      return Error::IoErr(TrFormat("cannot read {}: {}", path(), ErrnoText(errno)));
    }
    if (!S_ISREG(st.st_mode)) continue;
    Result<std::uint64_t> size = WireSizeOf(fd.get(), path());
    if (!size) return std::move(size).error();
    out.push_back({entry->d_name, in_cur, st.st_mtim, *size});
  }
  return {};
}

bool EarlierDelivery(const Candidate& a, const Candidate& b) {
  if (a.mtime.tv_sec != b.mtime.tv_sec) return a.mtime.tv_sec < b.mtime.tv_sec;
  if (a.mtime.tv_nsec != b.mtime.tv_nsec) return a.mtime.tv_nsec < b.mtime.tv_nsec;
  if (a.name != b.name) return a.name < b.name;
  return a.in_cur && !b.in_cur;  // "cur" before "new"
}

}  // namespace

bool IsValidUid(std::string_view uid) {
  if (uid.empty() || uid.size() > kMaxUidLength) return false;
  return std::all_of(uid.begin(), uid.end(), [](char c) { return c >= 0x21 && c <= 0x7e; });
}

std::string UidFromFileName(std::string_view name) {
  std::string_view unique = name.substr(0, name.find(':'));
  if (IsValidUid(unique)) return std::string(unique);
  return Md5Hex(unique);
}

Result<std::uint64_t> FileWireSize(const std::string& path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  if (!fd) {
    // ELOOP: replaced by a symlink since the scan looked at it; as good as gone.
    if (errno == ENOENT || errno == ELOOP) return Error::IoErr(TrFormat("{}: vanished", path));
    return Error::IoErr(TrFormat("cannot read {}: {}", path, ErrnoText(errno)));
  }
  return WireSizeOf(fd.get(), path);
}

Result<std::vector<MailFile>> ScanMaildir(const std::string& maildir) {
  std::vector<Candidate> candidates;
  MPOP_TRY(ListDir(maildir, false, candidates));
  MPOP_TRY(ListDir(maildir, true, candidates));
  std::sort(candidates.begin(), candidates.end(), EarlierDelivery);

  std::vector<MailFile> mails;
  // Reserved, so never reallocated: `seen` holds views of the UIDs inside it.
  mails.reserve(candidates.size());
  std::unordered_set<std::string_view> seen;
  seen.reserve(candidates.size());
  for (const Candidate& candidate : candidates) {
    const std::string subdir = Subdir(candidate.in_cur);
    MailFile mail{maildir + "/" + subdir + "/" + candidate.name, UidFromFileName(candidate.name),
                  candidate.size};
    if (seen.contains(mail.uid)) mail.uid = Md5Hex(subdir + "/" + candidate.name);
    mails.push_back(std::move(mail));
    seen.insert(mails.back().uid);
  }
  return mails;
}

}  // namespace mpop::server
