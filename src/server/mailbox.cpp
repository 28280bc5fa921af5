#include "server/mailbox.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <memory>
#include <utility>
#include <vector>

#include "server/output.hpp"
#include "server/wire_encoder.hpp"
#include "util/i18n.hpp"
#include "util/unique_fd.hpp"

namespace mpop::server {
namespace {

constexpr std::size_t kChunkSize = 64 * 1024;

}  // namespace

Result<Mailbox> Mailbox::Open(const std::string& maildir) {
  Result<MailboxLock> lock = MailboxLock::Acquire(maildir);
  if (!lock) return std::move(lock).error();
  Result<std::vector<MailFile>> mails = ScanMaildir(maildir);
  if (!mails) return std::move(mails).error();
  return Mailbox(std::move(*lock), std::move(*mails));
}

Mailbox::Mailbox(std::optional<MailboxLock> lock, std::vector<MailFile> mails)
    : lock_(std::move(lock)), mails_(std::move(mails)), deleted_(mails_.size(), false) {}

std::size_t Mailbox::live_count() const {
  std::size_t n = 0;
  for (bool deleted : deleted_) n += deleted ? 0 : 1;
  return n;
}

std::uint64_t Mailbox::live_size() const {
  std::uint64_t total = 0;
  for (std::size_t i = 0; i < mails_.size(); ++i) {
    if (!deleted_[i]) total += mails_[i].size;
  }
  return total;
}

const MailFile* Mailbox::Find(std::uint64_t number) const {
  if (number == 0 || number > mails_.size() || deleted_[number - 1]) return nullptr;
  return &mails_[number - 1];
}

bool Mailbox::IsDeleted(std::uint64_t number) const {
  return number >= 1 && number <= mails_.size() && deleted_[number - 1];
}

void Mailbox::MarkDeleted(std::uint64_t number) { deleted_.at(number - 1) = true; }

void Mailbox::UnmarkAll() { deleted_.assign(mails_.size(), false); }

Status Mailbox::Send(std::uint64_t number, std::optional<std::uint64_t> body_lines, Output& out,
                     std::string_view status_line) const {
  const MailFile& mail = mails_.at(number - 1);
  UniqueFd fd(::open(mail.path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  if (!fd) {
    if (errno == ENOENT) {
      return Error::NoInput(TrFormat("message {} has vanished", number));
    }
    return Error::NoInput(TrFormat("cannot read {}: {}", mail.path, ErrnoText(errno)));
  }
  MPOP_TRY(out.Write(status_line));
  WireEncoder encoder({.dot_stuff = true, .body_lines = body_lines});
  // Not zero-filled: make_unique<array> would clear 64 KiB for every RETR.
  const auto buffer = std::make_unique_for_overwrite<char[]>(kChunkSize);
  std::string encoded;
  while (!encoder.done()) {
    const ssize_t n = ::read(fd.get(), buffer.get(), kChunkSize);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Error::IoErr(TrFormat("cannot read {}: {}", mail.path, ErrnoText(errno)));
    }
    if (n == 0) break;
    encoded.clear();
    encoder.Feed(std::string_view(buffer.get(), static_cast<std::size_t>(n)), encoded);
    MPOP_TRY(out.Write(encoded));
  }
  encoded.clear();
  encoder.Finish(encoded);
  encoded.append(".\r\n");
  return out.Write(encoded);
}

Mailbox::CommitResult Mailbox::Commit() {
  CommitResult result;
  // The directories (new/ and cur/) of the removed files, opened once: each name is removed
  // relative to its directory, and the same descriptor makes the removals durable.
  std::vector<std::pair<std::string, UniqueFd>> dirs;
  auto dir_fd = [&dirs](const std::string& dir) {
    for (const auto& [name, fd] : dirs) {
      if (name == dir) return fd.get();
    }
    dirs.emplace_back(dir, UniqueFd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)));
    return dirs.back().second.get();
  };
  for (std::size_t i = 0; i < mails_.size(); ++i) {
    if (!deleted_[i]) continue;
    const std::string& path = mails_[i].path;
    const std::size_t slash = path.rfind('/');
    const int dir = slash == std::string::npos ? -1 : dir_fd(path.substr(0, slash));
    // Without the directory's descriptor (it could not be opened), by the full path.
    const int removed =
        dir >= 0 ? ::unlinkat(dir, path.c_str() + slash + 1, 0) : ::unlink(path.c_str());
    if (removed == 0) {
      ++result.removed;
    } else if (errno == ENOENT) {
      ++result.already_gone;
    } else {
      result.failures.push_back("cannot remove " + path + ": " + ErrnoText(errno));
    }
  }
  // Make the removals durable before the client hears +OK: a crash must not bring back
  // mails the client already counts as deleted.
  for (const auto& [name, fd] : dirs) {
    if (fd) ::fsync(fd.get());
  }
  deleted_.assign(mails_.size(), false);
  return result;
}

}  // namespace mpop::server
