#include "server/mailbox_lock.hpp"

#include <fcntl.h>

#include <cerrno>

#include "util/i18n.hpp"

namespace mpop::server {

Result<MailboxLock> MailboxLock::Acquire(const std::string& maildir) {
  const std::string path = maildir + "/mpopd.lock";
  UniqueFd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600));
  if (!fd) {
    return Error::IoErr(
        TrFormat("cannot lock maildir {}: cannot open {}: {}", maildir, path, ErrnoText(errno)));
  }
  struct flock lock {};
  lock.l_type = F_WRLCK;
  lock.l_whence = SEEK_SET;
  if (::fcntl(fd.get(), F_OFD_SETLK, &lock) != 0) {
    if (errno == EAGAIN || errno == EACCES) {
      return Error::TempFail(TrFormat("maildir {} is in use by another session", maildir));
    }
    return Error::IoErr(TrFormat("cannot lock maildir {}: {}", maildir, ErrnoText(errno)));
  }
  return MailboxLock(std::move(fd));
}

}  // namespace mpop::server
