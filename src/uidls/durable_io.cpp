#include "uidls/durable_io.hpp"

#include <errno.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/i18n.hpp"

namespace mpop::uidls {

std::string DirName(const std::string& path) {
  std::size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

Status MakeParentDirs(const std::string& path) {
  std::size_t slash = path.find('/', 1);
  while (slash != std::string::npos) {
    std::string dir = path.substr(0, slash);
    if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
      return Error::IoErr(TrFormat("cannot create directory {}: {}", dir, ErrnoText(errno)));
    }
    slash = path.find('/', slash + 1);
  }
  return {};
}

Result<std::string> ReadAll(int fd, std::string_view name) {
  // Read straight into the text, sized by the file's size up front: a big UIDLs file is kept
  // in memory for the whole session (uidls/uid_table.hpp), so no doubling slack and no copy
  // through a buffer (issue 17). The file may still grow or shrink meanwhile.
  struct stat st {};
  std::size_t expected = 0;
  if (::fstat(fd, &st) == 0 && st.st_size > 0) expected = static_cast<std::size_t>(st.st_size);
  std::string text(expected + 1, '\0');  // +1: the read that finds the end
  std::size_t filled = 0;
  while (true) {
    if (filled == text.size()) text.resize(text.size() + 65536);
    ssize_t n = ::pread(fd, text.data() + filled, text.size() - filled, static_cast<off_t>(filled));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Error::IoErr(TrFormat("cannot read {}: {}", name, ErrnoText(errno)));
    if (n == 0) break;
    filled += static_cast<std::size_t>(n);
  }
  text.resize(filled);
  return text;
}

Status WriteAll(int fd, std::string_view bytes, std::string_view name, const util::FileSystem& fs) {
  while (!bytes.empty()) {
    long n = fs.Write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Error::IoErr(TrFormat("cannot write {}: {}", name, ErrnoText(errno)));
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return {};
}

Status SyncDir(const std::string& dir, const util::FileSystem& fs) {
  UniqueFd fd(fs.OpenAt(AT_FDCWD, dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0));
  if (!fd || fs.Fsync(fd.get()) != 0) {
    return Error::IoErr(TrFormat("cannot sync directory {}: {}", dir, ErrnoText(errno)));
  }
  return {};
}

Result<UniqueFd> WriteTempFile(const std::string& path, std::string_view bytes,
                               std::string* temp_path, const util::FileSystem& fs) {
  return WriteTempFile(
      path, [&](int fd, const std::string& name) { return WriteAll(fd, bytes, name, fs); },
      temp_path, fs);
}

Result<UniqueFd> WriteTempFile(const std::string& path,
                               const std::function<Status(int fd, const std::string& name)>& write,
                               std::string* temp_path, const util::FileSystem& fs) {
  std::string name = path + ".XXXXXX";
  // mkostemp creates the file with mode 0600, whatever the umask.
  UniqueFd fd(::mkostemp(name.data(), O_CLOEXEC));
  if (!fd) {
    return Error::IoErr(
        TrFormat("cannot create temporary file for {}: {}", path, ErrnoText(errno)));
  }
  Status written = write(fd.get(), name);
  if (written && fs.Fsync(fd.get()) != 0) {
    written = Error::IoErr(TrFormat("cannot sync {}: {}", name, ErrnoText(errno)));
  }
  if (!written) {
    fs.UnlinkAt(AT_FDCWD, name.c_str());
    return std::move(written).error();
  }
  *temp_path = std::move(name);
  return fd;
}

}  // namespace mpop::uidls
