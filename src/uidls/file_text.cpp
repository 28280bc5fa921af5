#include "uidls/file_text.hpp"

#include <sys/mman.h>
#include <sys/stat.h>

#include "uidls/durable_io.hpp"

namespace mpop::uidls {

Result<std::shared_ptr<const FileText>> FileText::Load(int fd, std::string_view name) {
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
    const auto size = static_cast<std::size_t>(st.st_size);
    // MAP_POPULATE: the whole file is read anyway, and one call maps its pages for much
    // less than a fault for each.
    void* address = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    if (address != MAP_FAILED) {
      return std::shared_ptr<const FileText>(new FileText(Mapped{}, address, size));
    }
  }
  Result<std::string> text = ReadAll(fd, name);
  if (!text) return std::move(text).error();
  return std::make_shared<const FileText>(std::move(*text));
}

FileText::~FileText() {
  if (mapping_ != nullptr) ::munmap(mapping_, view_.size());
}

}  // namespace mpop::uidls
