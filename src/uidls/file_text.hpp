#pragma once
// FileText: the bytes of a UIDLs file as read, which the UID tables point into for the whole
// session (uidls/uid_table.hpp). A file of 50,000 UIDs is 1.4 MB, and copying it into fresh
// memory costs a page fault per 4 KiB on top of the copy (issue 17: about a tenth of a kept
// mailbox's run), so the file is mapped read-only instead: its pages come straight from the
// page cache. Files that cannot be mapped (empty ones, file systems without mmap) are read
// into a string, as are the texts tests make.
//
// A mapping shows later changes to the file, and a file cut short under it would make
// reading past the new end fail (SIGBUS). Nothing does that to a locked UIDLs file: every
// writer (ours and upstream's) writes a new file and renames it over the old one, which
// leaves the mapped one untouched.

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "util/result.hpp"

namespace mpop::uidls {

class FileText {
 public:
  explicit FileText(std::string text) : owned_(std::move(text)), view_(owned_) {}
  // The whole file open on `fd` (read from offset 0; the file offset is not moved).
  // Errors are kIoErr "cannot read NAME: REASON".
  static Result<std::shared_ptr<const FileText>> Load(int fd, std::string_view name);

  ~FileText();
  FileText(const FileText&) = delete;
  FileText& operator=(const FileText&) = delete;

  std::string_view view() const { return view_; }
  const char* data() const { return view_.data(); }
  std::size_t size() const { return view_.size(); }

 private:
  struct Mapped {};
  FileText(Mapped, void* address, std::size_t size)
      : mapping_(address), view_(static_cast<const char*>(address), size) {}

  std::string owned_;
  void* mapping_ = nullptr;  // munmap()ed by the destructor; view_ covers it
  std::string_view view_;
};

}  // namespace mpop::uidls
