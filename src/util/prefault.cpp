#include "util/prefault.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23  // <sys/mman.h> of glibc < 2.35
#endif

namespace mpop::util {

void PrefaultForWriting(void* begin, std::size_t bytes) {
  if (bytes < kPrefaultMinBytes) return;
  // madvise wants whole pages: only those lying entirely inside the block, so that no page
  // of a neighbouring allocation becomes resident on its account.
  const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
  const auto start = reinterpret_cast<std::uintptr_t>(begin);
  const std::uintptr_t first = (start + page - 1) & ~(page - 1);
  const std::uintptr_t last = (start + bytes) & ~(page - 1);
  if (last <= first) return;
  // Best effort: on failure (old kernel, no memory) the pages fault in when written.
  ::madvise(reinterpret_cast<void*>(first), last - first, MADV_POPULATE_WRITE);
}

}  // namespace mpop::util
