#include "server/maildir_scan.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <ctime>
#include <memory>
#include <set>

#include "auth/md5.hpp"
#include "server/wire_encoder.hpp"
#include "util/c_handle.hpp"
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

struct Candidate {
  std::string path;
  std::string subdir;  // "new" or "cur"
  std::string name;
  timespec mtime{};
};

// Lists the regular files of maildir/subdir. Names starting with '.' are not mails
// (maildir(5)); neither are directories or other special files.
Status ListDir(const std::string& maildir, const std::string& subdir, std::vector<Candidate>& out) {
  const std::string dir_path = maildir + "/" + subdir;
  DirHandle dir(::opendir(dir_path.c_str()));
  if (!dir) return Error::IoErr("cannot read maildir " + dir_path + ": " + ErrnoText(errno));
  for (;;) {
    errno = 0;
    dirent* entry = ::readdir(dir.get());
    if (entry == nullptr) {
      if (errno != 0) {
        return Error::IoErr("cannot read maildir " + dir_path + ": " + ErrnoText(errno));
      }
      break;
    }
    if (entry->d_name[0] == '.') continue;
    Candidate candidate{dir_path + "/" + entry->d_name, subdir, entry->d_name, {}};
    struct stat st {};
    // lstat: a symlink is not a delivered mail, and following one could serve a file
    // from outside the maildir.
    if (::lstat(candidate.path.c_str(), &st) != 0) {
      if (errno == ENOENT) continue;  // removed or moved by another program meanwhile
      return Error::IoErr("cannot read " + candidate.path + ": " + ErrnoText(errno));
    }
    if (!S_ISREG(st.st_mode)) continue;
    candidate.mtime = st.st_mtim;
    out.push_back(std::move(candidate));
  }
  return {};
}

bool EarlierDelivery(const Candidate& a, const Candidate& b) {
  if (a.mtime.tv_sec != b.mtime.tv_sec) return a.mtime.tv_sec < b.mtime.tv_sec;
  if (a.mtime.tv_nsec != b.mtime.tv_nsec) return a.mtime.tv_nsec < b.mtime.tv_nsec;
  if (a.name != b.name) return a.name < b.name;
  return a.subdir < b.subdir;
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
    if (errno == ENOENT || errno == ELOOP) return Error::IoErr(path + ": vanished");
    return Error::IoErr("cannot read " + path + ": " + ErrnoText(errno));
  }
  WireSizeCounter counter;
  auto buffer = std::make_unique<std::array<char, kChunkSize>>();
  for (;;) {
    ssize_t n = ::read(fd.get(), buffer->data(), buffer->size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return Error::IoErr("cannot read " + path + ": " + ErrnoText(errno));
    }
    if (n == 0) break;
    counter.Feed(std::string_view(buffer->data(), static_cast<std::size_t>(n)));
  }
  return counter.Finish();
}

Result<std::vector<MailFile>> ScanMaildir(const std::string& maildir) {
  std::vector<Candidate> candidates;
  MPOP_TRY(ListDir(maildir, "new", candidates));
  MPOP_TRY(ListDir(maildir, "cur", candidates));
  std::sort(candidates.begin(), candidates.end(), EarlierDelivery);

  std::vector<MailFile> mails;
  mails.reserve(candidates.size());
  std::set<std::string> seen;
  for (Candidate& candidate : candidates) {
    Result<std::uint64_t> size = FileWireSize(candidate.path);
    if (!size) {
      if (size.error().message == candidate.path + ": vanished") continue;
      return std::move(size).error();
    }
    std::string uid = UidFromFileName(candidate.name);
    if (!seen.insert(uid).second) {
      uid = Md5Hex(candidate.subdir + "/" + candidate.name);
      seen.insert(uid);
    }
    mails.push_back({std::move(candidate.path), std::move(uid), *size});
  }
  return mails;
}

}  // namespace mpop::server
