#pragma once
// MailboxLock: one session at a time per maildir. An exclusive lock on DIR/mpopd.lock (the
// file upstream mpopd uses too), taken without waiting and held until the object dies.
//
// It is an open-file-description lock (F_OFD_SETLK): unlike a classic fcntl lock it also
// excludes other threads of this process (each session runs on its own thread), and it
// conflicts with the classic fcntl lock upstream mpopd takes on the same file, so our
// mpopd and Debian's cannot serve one maildir at the same time either.

#include <string>

#include "util/result.hpp"
#include "util/unique_fd.hpp"

namespace mpop::server {

class MailboxLock {
 public:
  // Errors: kTempFail "maildir DIR is in use by another session" when someone holds the
  // lock; kIoErr "cannot lock maildir DIR: cannot open DIR/mpopd.lock: REASON" and the like
  // for everything else.
  static Result<MailboxLock> Acquire(const std::string& maildir);

  MailboxLock(MailboxLock&&) = default;
  MailboxLock& operator=(MailboxLock&&) = default;

 private:
  explicit MailboxLock(UniqueFd fd) : fd_(std::move(fd)) {}

  UniqueFd fd_;  // closing it releases the lock
};

}  // namespace mpop::server
